using System.Text.Json.Serialization;

namespace Berth.Engine.Images;

/// <summary>One image in the store's index: its id (the config digest), manifest and names.</summary>
public sealed record ImageRecord
{
    /// <summary>"sha256:…" of the image config blob, as Podman and Docker define the image id.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("manifest")] public required string Manifest { get; init; }

    /// <summary>Fully qualified names, e.g. "localhost/app:latest"; empty for a dangling image.</summary>
    [JsonPropertyName("names")] public List<string> Names { get; init; } = [];

    [JsonPropertyName("created")] public DateTimeOffset Created { get; init; }

    /// <summary>Sum of the uncompressed layer sizes, as `podman images` reports SIZE.</summary>
    [JsonPropertyName("size")] public long Size { get; init; }

    [JsonIgnore] public string ShortId => Id["sha256:".Length..][..12];
}
