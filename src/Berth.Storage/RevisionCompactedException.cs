namespace Berth.Storage;

public sealed class RevisionCompactedException(long requested, long compacted)
    : StorageException($"revision {requested} has been compacted; the oldest available is {compacted}")
{
    public long CompactedRevision { get; } = compacted;
}
