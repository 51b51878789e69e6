namespace Berth.Storage.Sqlite;

/// <summary>
/// Deletes the history made obsolete by the log rows in the next small id range up to the
/// compaction point: each such row's predecessor (superseded at or before the point), and the
/// tombstones themselves. The range's end is recorded, so an interrupted compaction resumes.
/// </summary>
internal sealed class CompactionStep(long target, int batch) : WriteOperation<bool>
{
    public override void Execute(LogStatements log, WriteContext context)
    {
        var from = log.ReadMeta(SqliteSchema.CompactedThroughKey);
        if (from >= target)
        {
            return;
        }
        var to = Math.Min(target, from + batch);
        log.DeleteObsolete(from, to);
        log.WriteMeta(SqliteSchema.CompactedThroughKey, to);
        Result = to < target;
    }
}
