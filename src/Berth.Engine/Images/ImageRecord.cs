using System.Text.Json.Serialization;

namespace Berth.Engine.Images;

/// <summary>One image in the store's index: its id (the config digest), manifest and names.</summary>
public sealed record ImageRecord
{
    /// <summary>"sha256:…" of the image config blob, as Podman and Docker define the image id.</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("manifest")] public required string Manifest { get; init; }

    /// <summary>
    /// Other manifest digests the image answers to in `name@digest`: the multi-platform index it was
    /// pulled through. Only the digest is kept, not the index.
    /// </summary>
    [JsonPropertyName("digests")] public List<string> Digests { get; init; } = [];

    /// <summary>Fully qualified names, e.g. "localhost/app:latest"; empty for a dangling image.</summary>
    [JsonPropertyName("names")] public List<string> Names { get; init; } = [];

    [JsonPropertyName("created")] public DateTimeOffset Created { get; init; }

    /// <summary>Sum of the uncompressed layer sizes, as `podman images` reports SIZE.</summary>
    [JsonPropertyName("size")] public long Size { get; init; }

    /// <summary>Whether <paramref name="digest"/> is this image's manifest or an index it was pulled through.</summary>
    public bool HasManifestDigest(string digest) => Manifest == digest || Digests.Contains(digest);

    [JsonIgnore] public string ShortId => Id["sha256:".Length..][..12];

    /// <summary>The id without its algorithm, as Podman prints it.</summary>
    [JsonIgnore] public string HexId => Id["sha256:".Length..];
}
