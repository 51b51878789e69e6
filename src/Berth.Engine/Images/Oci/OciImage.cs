using System.Text.Json.Serialization;

namespace Berth.Engine.Images.Oci;

/// <summary>OCI image-spec §config: the image configuration blob, whose digest is the image id.</summary>
public sealed record OciImage
{
    [JsonPropertyName("created")] public DateTimeOffset? Created { get; init; }
    [JsonPropertyName("author")] public string? Author { get; init; }
    [JsonPropertyName("architecture")] public string Architecture { get; init; } = "amd64";
    [JsonPropertyName("os")] public string Os { get; init; } = "linux";
    [JsonPropertyName("config")] public OciContainerConfig? Config { get; init; }
    [JsonPropertyName("rootfs")] public OciRootFs RootFs { get; init; } = new();
    [JsonPropertyName("history")] public List<OciHistory>? History { get; init; }
}
