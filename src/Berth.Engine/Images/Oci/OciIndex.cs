using System.Text.Json.Serialization;

namespace Berth.Engine.Images.Oci;

/// <summary>OCI image-spec §image-index, as index.json of an image layout.</summary>
public sealed record OciIndex
{
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; init; } = 2;
    [JsonPropertyName("mediaType")] public string? MediaType { get; init; } = MediaTypes.OciIndex;
    [JsonPropertyName("manifests")] public List<OciDescriptor> Manifests { get; init; } = [];
}
