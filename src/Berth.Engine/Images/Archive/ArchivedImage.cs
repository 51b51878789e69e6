using Berth.Engine.Store;

namespace Berth.Engine.Images.Archive;

/// <summary>
/// One image found in an unpacked archive: its config, its manifest as stored (null for a
/// docker-archive, which has none), its layer files with media types and expected digests, and its names.
/// </summary>
public sealed record ArchivedImage(
    byte[] Config,
    byte[]? Manifest,
    IReadOnlyList<(string Path, string MediaType)> Layers,
    IReadOnlyList<Digest>? LayerDigests,
    IReadOnlyList<string> Names);
