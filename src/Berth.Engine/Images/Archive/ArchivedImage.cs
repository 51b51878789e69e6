using Berth.Engine.Store;

namespace Berth.Engine.Images.Archive;

/// <summary>
/// One image found in an archive: its config, its manifest as stored (null for a docker-archive,
/// which has none), its layers as blobs already in the store with their media types, and its names.
/// <see cref="Stored"/> holds the digests of config and manifest when both are store blobs already (an OCI
/// layout's, checked against their names on the way in), so loading needs not hash them again.
/// </summary>
public sealed record ArchivedImage(
    byte[] Config,
    byte[]? Manifest,
    IReadOnlyList<(Digest Blob, string MediaType)> Layers,
    IReadOnlyList<string> Names,
    (Digest Config, Digest Manifest)? Stored = null);
