using Berth.Engine.Images;

namespace Berth.Engine.Space;

/// <summary>
/// The sweep half of the collector: deletes every blob and snapshot the walk did not reach. Needs the
/// caller's <see cref="ImageWriteSession"/>: only a holder of the store lock may delete, since a writer
/// stores blobs and snapshots before the index names them.
/// </summary>
public static class GarbageSweeper
{
    /// <summary>Deletes what <paramref name="keep"/> lacks; returns the bytes freed.</summary>
    public static long Sweep(ImageWriteSession session, ReachableContent keep)
    {
        var store = session.Store;
        long freed = 0;
        foreach (var blob in store.Blobs.List().Where(b => !keep.Blobs.Contains(b)).ToList())
        {
            freed += DiskUsage.Of(store.Blobs.PathOf(blob));
            store.Blobs.Delete(blob);
        }
        foreach (var snapshot in store.Snapshots.List().Where(s => !keep.Snapshots.Contains(s)).ToList())
        {
            freed += DiskUsage.Of(store.Snapshots.PathOf(snapshot));
            store.Snapshots.Delete(snapshot);
        }
        return freed;
    }
}
