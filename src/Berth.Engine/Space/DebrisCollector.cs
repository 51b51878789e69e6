using Berth.Engine.Containers;
using Berth.Engine.Store;

namespace Berth.Engine.Space;

/// <summary>
/// Removes what interrupted operations leave behind: everything in tmp/ (half-written blobs, half-
/// unpacked snapshots, staging dirs of a killed pull, import, load or build), incoming/ (partial
/// downloads kept so the next pull can resume: pruning gives that up), temp files of a killed
/// index replacement (images/.tmp-*), and container directories without a record (a create killed
/// between reserving the directory and writing state.json). Each is only debris when nobody can be
/// writing it: tmp/, incoming/ and images/ under the store lock, containers/ under the containers' lock (which
/// every allocation holds until its record is written).
/// </summary>
public sealed class DebrisCollector(EngineLayout layout, ContainerStore containers)
{
    private const string IndexTempPrefix = ".tmp-";
    private const string RecordFile = "state.json";

    /// <summary>Partial downloads an interrupted pull keeps for resuming (Registry's IncomingBlob); written only under the store lock.</summary>
    private const string IncomingDirectory = "incoming";

    /// <summary>Deletes the debris; returns the bytes freed.</summary>
    public async Task<long> CollectAsync(CancellationToken cancellationToken)
    {
        long freed = 0;
        using (await FileLock.AcquireAsync(layout.LockFile, cancellationToken))
        {
            if (Directory.Exists(layout.TempDirectory))
            {
                freed += Delete(Directory.EnumerateFileSystemEntries(layout.TempDirectory));
            }
            var incoming = Path.Combine(layout.Root, IncomingDirectory);
            if (Directory.Exists(incoming))
            {
                freed += Delete(Directory.EnumerateFileSystemEntries(incoming));
            }
            if (Directory.Exists(layout.ImagesDirectory))
            {
                freed += Delete(Directory.EnumerateFiles(layout.ImagesDirectory, IndexTempPrefix + "*"));
            }
        }
        using (containers.LockStore())
        {
            freed += Delete(Directory.EnumerateDirectories(containers.Root).Where(IsAbandonedContainer));
        }
        return freed;
    }

    /// <summary>No record, and no rootfs that could be a live mount (it is mounted only once the record exists).</summary>
    private bool IsAbandonedContainer(string directory)
    {
        var rootfs = containers.PathsOf(Path.GetFileName(directory)).Rootfs;
        return !File.Exists(Path.Combine(directory, RecordFile))
            && (!Directory.Exists(rootfs) || !Directory.EnumerateFileSystemEntries(rootfs).Any());
    }

    private static long Delete(IEnumerable<string> entries)
    {
        long freed = 0;
        foreach (var entry in entries.ToList())
        {
            freed += DiskUsage.Of(entry);
            if (Directory.Exists(entry) && !File.GetAttributes(entry).HasFlag(FileAttributes.ReparsePoint))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
        return freed;
    }
}
