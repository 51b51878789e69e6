using System.Text.Json.Serialization;

namespace Berth.Engine.Network;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(AttachmentRecord))]
internal sealed partial class NetworkJsonContext : JsonSerializerContext;
