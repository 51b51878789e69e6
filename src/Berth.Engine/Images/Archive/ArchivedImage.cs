using Berth.Engine.Store;

namespace Berth.Engine.Images.Archive;

/// <summary>
/// One image found in an archive: its config, its manifest as stored (null for a docker-archive,
/// which has none), its layers as blobs already in the store with their media types, and its names.
/// </summary>
public sealed record ArchivedImage(
    byte[] Config,
    byte[]? Manifest,
    IReadOnlyList<(Digest Blob, string MediaType)> Layers,
    IReadOnlyList<string> Names);
