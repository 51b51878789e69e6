namespace Berth.Engine.Store;

/// <summary>
/// Where the engine keeps its state under --root (DESIGN.md "On disk"):
/// <code>
/// blobs/sha256/&lt;hex&gt;      content-addressed blobs: layers, configs, manifests
/// images/index.json         names and ids of the images, replaced whole on every change
/// images/lock               flock held by every process that changes blobs, snapshots or the index
/// snapshots/&lt;chain id&gt;/    one unpacked layer each, overlayfs whiteouts, renamed into place when complete
/// snapshots/&lt;chain id&gt;.size the layer's uncompressed tar size in decimal, written before its snapshot is renamed into place
/// tmp/                      scratch for the holder of images/lock; anything found there is debris
/// containers/&lt;id&gt;/        owned by the runtime
/// </code>
/// </summary>
public sealed class EngineLayout(string root)
{
    public const string DefaultRoot = "/var/lib/berth/engine";

    public string Root { get; } = Path.GetFullPath(root);

    public string BlobsDirectory => Path.Combine(Root, "blobs", "sha256");

    public string ImagesDirectory => Path.Combine(Root, "images");

    public string ImageIndexFile => Path.Combine(ImagesDirectory, "index.json");

    public string LockFile => Path.Combine(ImagesDirectory, "lock");

    public string SnapshotsDirectory => Path.Combine(Root, "snapshots");

    public string TempDirectory => Path.Combine(Root, "tmp");

    public string ContainersDirectory => Path.Combine(Root, "containers");

    public string BlobPath(Digest digest) => Path.Combine(BlobsDirectory, digest.Hex);

    public string SnapshotPath(Digest chainId) => Path.Combine(SnapshotsDirectory, chainId.Hex);

    public string SnapshotSizePath(Digest chainId) => Path.Combine(SnapshotsDirectory, chainId.Hex + ".size");

    /// <summary>A fresh, unique path in tmp/ (same filesystem as blobs and snapshots, so renames are atomic).</summary>
    public string NewTempPath(string kind)
    {
        Directory.CreateDirectory(TempDirectory);
        return Path.Combine(TempDirectory, $"{kind}-{Guid.NewGuid():N}");
    }
}
