using System.Text.Json.Serialization;

namespace Berth.Engine.Networks;

/// <summary>Source-generated JSON for network records.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(NetworkRecord))]
internal sealed partial class NetworkRecordJsonContext : JsonSerializerContext;
