using Microsoft.Data.Sqlite;

namespace Berth.Storage.Sqlite;

/// <summary>The writer connection's prepared statements; each runs inside the current batch transaction.</summary>
internal sealed class LogStatements : IDisposable
{
    private readonly SqliteCommand _findCurrent;
    private readonly SqliteCommand _append;
    private readonly SqliteCommand _setCurrent;
    private readonly SqliteCommand _readMeta;
    private readonly SqliteCommand _writeMeta;
    private readonly SqliteCommand _deleteObsolete;

    public LogStatements(SqliteConnection connection)
    {
        _findCurrent = Prepare(connection, $"""
            SELECT {LogRow.Columns} FROM kv_current c JOIN kv_log l ON l.id = c.id WHERE c.name = $name
            """, "$name");
        _append = Prepare(connection, """
            INSERT INTO kv_log (id, name, created, deleted, create_revision, prev_revision, value)
            VALUES ($id, $name, $created, $deleted, $create_revision, $prev_revision, $value)
            """, "$id", "$name", "$created", "$deleted", "$create_revision", "$prev_revision", "$value");
        _setCurrent = Prepare(connection, """
            INSERT INTO kv_current (name, id, deleted) VALUES ($name, $id, $deleted)
            ON CONFLICT (name) DO UPDATE SET id = excluded.id, deleted = excluded.deleted
            """, "$name", "$id", "$deleted");
        _readMeta = Prepare(connection, SqliteSchema.ReadMetaSql, "$key");
        _writeMeta = Prepare(connection, """
            INSERT INTO kv_meta (key, value) VALUES ($key, $value)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, "$key", "$value");
        // Rows in ($from, $to] make their predecessors obsolete; tombstones there are obsolete too,
        // and so is the current-value entry that points at one.
        _deleteObsolete = Prepare(connection, """
            DELETE FROM kv_log WHERE id IN (SELECT prev_revision FROM kv_log WHERE id > $from AND id <= $to AND prev_revision > 0);
            DELETE FROM kv_current WHERE deleted = 1 AND id > $from AND id <= $to;
            DELETE FROM kv_log WHERE deleted = 1 AND id > $from AND id <= $to;
            """, "$from", "$to");
    }

    /// <summary>Binds every statement to the batch transaction about to run.</summary>
    public void Enlist(SqliteTransaction? transaction)
    {
        foreach (var command in All())
        {
            command.Transaction = transaction;
        }
    }

    /// <summary>The newest row of a key, a tombstone included, or null when the log has none.</summary>
    public LogRow? FindCurrent(string name)
    {
        _findCurrent.Parameters[0].Value = name;
        using var reader = _findCurrent.ExecuteReader();
        return reader.Read() ? LogRow.Read(reader) : null;
    }

    public void Append(LogRow row)
    {
        var p = _append.Parameters;
        p[0].Value = row.Id;
        p[1].Value = row.Name;
        p[2].Value = row.Created ? 1 : 0;
        p[3].Value = row.Deleted ? 1 : 0;
        p[4].Value = row.CreateRevision;
        p[5].Value = row.PrevRevision;
        p[6].Value = row.Value;
        _append.ExecuteNonQuery();

        _setCurrent.Parameters[0].Value = row.Name;
        _setCurrent.Parameters[1].Value = row.Id;
        _setCurrent.Parameters[2].Value = row.Deleted ? 1 : 0;
        _setCurrent.ExecuteNonQuery();
    }

    public long ReadMeta(string key)
    {
        _readMeta.Parameters[0].Value = key;
        return _readMeta.ExecuteScalar() is long value ? value : 0;
    }

    public void WriteMeta(string key, long value)
    {
        _writeMeta.Parameters[0].Value = key;
        _writeMeta.Parameters[1].Value = value;
        _writeMeta.ExecuteNonQuery();
    }

    public void DeleteObsolete(long from, long to)
    {
        _deleteObsolete.Parameters[0].Value = from;
        _deleteObsolete.Parameters[1].Value = to;
        _deleteObsolete.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in All())
        {
            command.Dispose();
        }
    }

    private IEnumerable<SqliteCommand> All() => [_findCurrent, _append, _setCurrent, _readMeta, _writeMeta, _deleteObsolete];

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
        return command;
    }
}
