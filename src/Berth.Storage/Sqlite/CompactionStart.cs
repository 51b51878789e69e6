namespace Berth.Storage.Sqlite;

/// <summary>
/// Moves the compaction point (reads and watches below it now fail) and tells how far the
/// following <see cref="CompactionStep"/>s must clean up. Compacting at or below the current point
/// only finishes any cleanup an earlier run left unfinished. Its result is the compaction point after it.
/// </summary>
internal sealed class CompactionStart(long revision) : WriteOperation<long>
{
    public override void Execute(LogStatements log, WriteContext context)
    {
        if (revision > context.Revision)
        {
            throw new FutureRevisionException(revision, context.Revision);
        }
        Result = Math.Max(revision, log.ReadMeta(SqliteSchema.CompactRevisionKey));
        log.WriteMeta(SqliteSchema.CompactRevisionKey, Result);
    }
}
