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

    /// <summary>Sum of the uncompressed layer sizes.</summary>
    [JsonPropertyName("size")] public long LayersSize { get; init; }

    /// <summary>
    /// The bytes stored with the image besides its layers, as Podman counts them (<see cref="DataSizeOf"/>);
    /// 0 in an index written before they were counted.
    /// </summary>
    [JsonPropertyName("dataSize")] public long DataSize { get; init; }

    /// <summary>The image's size as `podman images` and `podman image inspect` report it: layers and data.</summary>
    [JsonIgnore] public long Size => LayersSize + DataSize;

    /// <summary>
    /// What Podman adds to an image's layers for its size (the items its storage keeps with the image): the config,
    /// the manifest twice (under its digest and as the image's default manifest) and the index it was pulled through.
    /// </summary>
    public static long DataSizeOf(long config, long manifest, long index = 0) => config + 2 * manifest + index;

    /// <summary>Whether <paramref name="digest"/> is this image's manifest or an index it was pulled through.</summary>
    public bool HasManifestDigest(string digest) => Manifest == digest || Digests.Contains(digest);

    [JsonIgnore] public string ShortId => Id["sha256:".Length..][..12];

    /// <summary>The id without its algorithm, as Podman prints it.</summary>
    [JsonIgnore] public string HexId => Id["sha256:".Length..];
}
