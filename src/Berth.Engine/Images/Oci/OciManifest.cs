using System.Text.Json.Serialization;

namespace Berth.Engine.Images.Oci;

/// <summary>OCI image-spec §manifest (also reads Docker schema 2 manifests, which share the shape).</summary>
public sealed record OciManifest
{
    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; } = 2;
    [JsonPropertyName("mediaType")] public string? MediaType { get; init; } = MediaTypes.OciManifest;
    [JsonPropertyName("config")] public required OciDescriptor Config { get; init; }
    [JsonPropertyName("layers")] public List<OciDescriptor> Layers { get; init; } = [];
    [JsonPropertyName("annotations")] public Dictionary<string, string>? Annotations { get; init; }
}
