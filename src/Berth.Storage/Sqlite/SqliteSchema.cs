using Microsoft.Data.Sqlite;

namespace Berth.Storage.Sqlite;

/// <summary>
/// The tables: one append-only log whose row id is the revision (after kine's schema), the
/// current-value index that makes Get and List at "now" a key lookup, and a small meta table for
/// the compaction points. See README.md beside this file's folder for the rules they keep.
/// </summary>
internal static class SqliteSchema
{
    public const string CompactRevisionKey = "compact_revision";
    public const string CompactedThroughKey = "compacted_through";
    public const string ReadMetaSql = "SELECT value FROM kv_meta WHERE key = $key";

    private const string Ddl = """
        CREATE TABLE IF NOT EXISTS kv_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            created INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision INTEGER NOT NULL,
            lease INTEGER NOT NULL DEFAULT 0,
            value BLOB NOT NULL,
            old_value BLOB);
        CREATE UNIQUE INDEX IF NOT EXISTS kv_log_name_prev_revision ON kv_log (name, prev_revision);
        CREATE INDEX IF NOT EXISTS kv_log_name_id ON kv_log (name, id);
        CREATE TABLE IF NOT EXISTS kv_current (
            name TEXT PRIMARY KEY,
            id INTEGER NOT NULL,
            deleted INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS kv_meta (
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL) WITHOUT ROWID;
        """;

    /// <summary>Sets the durable pragmas and creates the tables on the writer connection.</summary>
    public static void Apply(SqliteConnection connection, SqliteStoreOptions options)
    {
        Execute(connection, "PRAGMA journal_mode = WAL;");
        Execute(connection, $"PRAGMA synchronous = {(options.SyncEveryCommit ? "FULL" : "NORMAL")};");
        // A passive checkpoint every N pages keeps the WAL short; the size limit truncates the file
        // back after a checkpoint has reset it, so a burst does not leave a large file behind.
        Execute(connection, $"PRAGMA wal_autocheckpoint = {options.WalAutoCheckpointPages};");
        Execute(connection, $"PRAGMA journal_size_limit = {options.WalSizeLimitBytes};");
        Execute(connection, Ddl);
    }

    public static long ReadRevision(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT seq FROM sqlite_sequence WHERE name = 'kv_log'";
        return command.ExecuteScalar() is long seq ? seq : 0;
    }

    public static long ReadMeta(SqliteConnection connection, string key, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ReadMetaSql;
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() is long value ? value : 0;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
