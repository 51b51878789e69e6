using Microsoft.Data.Sqlite;

namespace Berth.Storage.Sqlite;

/// <summary>A create, a compare-and-swap update or a (conditional) delete of one key.</summary>
internal sealed class KeyWrite(KeyWriteKind kind, string key, byte[]? value, long expectedModRevision) : WriteOperation<KeyValue>
{
    private const int SqliteConstraint = 19;

    public override void Execute(LogStatements log, WriteContext context)
    {
        var current = log.FindCurrent(key);
        var live = current is { Deleted: false } ? current : null;
        switch (kind)
        {
            case KeyWriteKind.Create when live is not null:
                throw new KeyExistsException(key);
            case KeyWriteKind.Update or KeyWriteKind.Delete when live is null:
                throw new KeyMissingException(key);
            case KeyWriteKind.Update or KeyWriteKind.Delete when expectedModRevision != 0 && live!.Id != expectedModRevision:
                throw new RevisionConflictException(key, expectedModRevision, live.Id);
        }

        var id = context.NextRevision();
        var row = kind switch
        {
            // A re-created key chains to its tombstone so (name, prev_revision) stays unique.
            KeyWriteKind.Create => new LogRow(id, key, true, false, id, current?.Id ?? 0, value!, null),
            KeyWriteKind.Update => new LogRow(id, key, false, false, live!.CreateRevision, live.Id, value!, live.Value),
            _ => new LogRow(id, key, false, true, live!.CreateRevision, live.Id, live.Value, live.Value),
        };
        try
        {
            log.Append(row);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            // The unique (name, prev_revision) index is the last word on compare-and-swap.
            context.ReturnRevision(id);
            throw new RevisionConflictException(key, expectedModRevision, current?.Id ?? 0);
        }
        context.Events.Add(row.ToEvent());
        Result = row.ToKeyValue();
    }

}
