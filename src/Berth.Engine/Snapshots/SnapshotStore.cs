using System.Globalization;
using Berth.Engine.Store;

namespace Berth.Engine.Snapshots;

/// <summary>
/// Unpacked layers under snapshots/&lt;chain id&gt;. A snapshot is unpacked in tmp/ and renamed into
/// place when complete, so a directory under its chain id is always whole. Callers hold the store lock.
/// </summary>
public sealed class SnapshotStore(EngineLayout layout)
{
    public string PathOf(Digest chainId) => layout.SnapshotPath(chainId);

    public bool Exists(Digest chainId) => Directory.Exists(layout.SnapshotPath(chainId));

    /// <summary>Unpacks an uncompressed layer tar on top of <paramref name="parent"/>'s chain, digesting it on the way.</summary>
    public async Task<LayerSnapshot> CreateAsync(Digest? parent, Stream tar, CancellationToken cancellationToken)
    {
        var temp = layout.NewTempPath("snapshot");
        try
        {
            await using var hashing = new HashingStream(tar, leaveOpen: true);
            await LayerUnpacker.UnpackAsync(hashing, temp, cancellationToken);
            // The diff id covers the whole stream, including the zero blocks after the last entry.
            await hashing.CopyToAsync(Stream.Null, cancellationToken);
            var diffId = hashing.Digest;
            var chainId = ChainId.Next(parent, diffId);
            var target = layout.SnapshotPath(chainId);
            Directory.CreateDirectory(layout.SnapshotsDirectory);
            WriteUnpackedSize(chainId, hashing.BytesHashed);
            if (Directory.Exists(target))
            {
                Directory.Delete(temp, recursive: true);
            }
            else
            {
                Directory.Move(temp, target);
            }
            return new LayerSnapshot(diffId, chainId, hashing.BytesHashed, target);
        }
        catch
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
            throw;
        }
    }

    /// <summary>
    /// The size of the uncompressed tar the snapshot was unpacked from, as Podman's `image tree` shows a layer (its
    /// UncompressedSize); null for a snapshot unpacked before berth recorded it.
    /// </summary>
    public long? UnpackedSize(Digest chainId)
    {
        try
        {
            return long.Parse(File.ReadAllText(layout.SnapshotSizePath(chainId)), CultureInfo.InvariantCulture);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Written whole (temp file + rename) before the snapshot appears, so a complete snapshot has its size.</summary>
    private void WriteUnpackedSize(Digest chainId, long size)
    {
        var temp = layout.NewTempPath("size");
        File.WriteAllText(temp, size.ToString(CultureInfo.InvariantCulture));
        File.Move(temp, layout.SnapshotSizePath(chainId), overwrite: true);
    }

    /// <summary>Every chain id with a snapshot.</summary>
    public IEnumerable<Digest> List() =>
        Directory.Exists(layout.SnapshotsDirectory)
            ? Directory.EnumerateDirectories(layout.SnapshotsDirectory)
                .Select(path => Digest.TryFromHex(Path.GetFileName(path), out var digest) ? digest : (Digest?)null)
                .OfType<Digest>()
            : [];

    /// <summary>Moves the snapshot out of sight first, so a kill mid-delete never leaves a partial snapshot under its name.</summary>
    public void Delete(Digest chainId)
    {
        var path = layout.SnapshotPath(chainId);
        if (!Directory.Exists(path))
        {
            return;
        }
        var doomed = layout.NewTempPath("deleted");
        Directory.Move(path, doomed);
        File.Delete(layout.SnapshotSizePath(chainId));
        Directory.Delete(doomed, recursive: true);
    }
}
