using System.Text.Json.Serialization;

namespace Berth.Engine.Images.Oci;

/// <summary>One image in a docker-archive's manifest.json (docker save format).</summary>
public sealed record DockerArchiveEntry
{
    [JsonPropertyName("Config")] public required string Config { get; init; }
    [JsonPropertyName("RepoTags")] public List<string>? RepoTags { get; init; }
    [JsonPropertyName("Layers")] public List<string> Layers { get; init; } = [];
}
