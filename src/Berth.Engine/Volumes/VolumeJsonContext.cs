using System.Text.Json.Serialization;

namespace Berth.Engine.Volumes;

/// <summary>Source-generated JSON for volume records.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(VolumeRecord))]
internal sealed partial class VolumeJsonContext : JsonSerializerContext;
