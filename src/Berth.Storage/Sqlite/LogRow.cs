namespace Berth.Storage.Sqlite;

/// <summary>One row of the log: a create, an update or a deletion (tombstone) of one key at one revision.</summary>
internal sealed record LogRow(long Id, string Name, bool Created, bool Deleted, long CreateRevision, long PrevRevision, byte[] Value, byte[]? OldValue)
{
    /// <summary>The columns every reader selects, in the order <see cref="Read"/> expects.</summary>
    public const string Columns = "l.id, l.name, l.created, l.deleted, l.create_revision, l.prev_revision, l.value, l.old_value";

    /// <summary>The columns a write reads of the row it replaces: its old value is never needed, so it is not copied out.</summary>
    public const string ColumnsWithoutOldValue = "l.id, l.name, l.created, l.deleted, l.create_revision, l.prev_revision, l.value, NULL";

    public KeyValue ToKeyValue() => new(Name, Value, CreateRevision, Id);

    public WatchEvent ToEvent()
    {
        var previous = OldValue is null ? null : new KeyValue(Name, OldValue, CreateRevision, PrevRevision);
        var type = Deleted ? WatchEventType.Deleted : Created ? WatchEventType.Created : WatchEventType.Updated;
        return new WatchEvent(type, ToKeyValue(), previous);
    }

    public static LogRow Read(Microsoft.Data.Sqlite.SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetInt64(2) != 0,
        reader.GetInt64(3) != 0,
        reader.GetInt64(4),
        reader.GetInt64(5),
        (byte[])reader.GetValue(6),
        reader.IsDBNull(7) ? null : (byte[])reader.GetValue(7));
}
