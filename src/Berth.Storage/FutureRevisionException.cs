namespace Berth.Storage;

/// <summary>A read or compaction asked for a revision the store has not reached yet.</summary>
public sealed class FutureRevisionException(long requested, long current)
    : StorageException($"revision {requested} is newer than the store's revision {current}")
{
    public long CurrentRevision { get; } = current;
}
