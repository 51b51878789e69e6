namespace Berth.Storage.Sqlite;

/// <summary>One row of the log: a create, an update or a deletion (tombstone) of one key at one revision.</summary>
/// <param name="OldValue">The value this row replaces, for its watch event; not a stored column (see <see cref="HistoryColumns"/>).</param>
internal sealed record LogRow(long Id, string Name, bool Created, bool Deleted, long CreateRevision, long PrevRevision, byte[] Value, byte[]? OldValue)
{
    /// <summary>
    /// The columns a read of values selects, in the order <see cref="Read"/> expects: without the value each row replaced,
    /// which only a watch replaying the log needs (<see cref="HistoryColumns"/>).
    /// </summary>
    public const string Columns = "l.id, l.name, l.created, l.deleted, l.create_revision, l.prev_revision, l.value, NULL";

    /// <summary>
    /// <see cref="Columns"/> with the replaced value: the value of the row that prev_revision names (joined as
    /// <see cref="HistoryJoin"/>), none for a create (whose prev_revision may name the tombstone it follows). Rows are
    /// not written with their old value (it doubled every update's bytes); the old_value column of databases from
    /// before that still answers for their rows. A replaced row is deleted only by a compaction up to its successor,
    /// and a watch never replays at or below a compaction point, so the join finds every row a replay reads.
    /// </summary>
    public const string HistoryColumns =
        "l.id, l.name, l.created, l.deleted, l.create_revision, l.prev_revision, l.value, CASE WHEN l.created THEN NULL ELSE COALESCE(l.old_value, p.value) END";

    /// <summary>The join <see cref="HistoryColumns"/> reads the replaced row through (kv_log as l).</summary>
    public const string HistoryJoin = "LEFT JOIN kv_log p ON p.id = l.prev_revision";

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
