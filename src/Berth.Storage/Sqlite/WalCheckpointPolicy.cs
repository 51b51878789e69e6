using Microsoft.Data.Sqlite;

namespace Berth.Storage.Sqlite;

/// <summary>
/// Keeps the WAL bounded. SQLite's passive auto-checkpoint copies pages back but can only restart
/// the WAL from its start when no reader is using it; with readers always arriving it never does,
/// and the file grows. So once the WAL passes a size, the writer (between batches, already
/// acknowledged) runs a TRUNCATE checkpoint, which waits briefly for the readers of the moment.
/// </summary>
internal sealed class WalCheckpointPolicy
{
    private readonly SqliteCommand _checkpoint;
    private readonly string _walPath;
    private readonly long _limit;

    public WalCheckpointPolicy(SqliteConnection writer, string walPath, SqliteStoreOptions options)
    {
        _walPath = walPath;
        _limit = options.WalCheckpointBytes;
        using (var wait = writer.CreateCommand())
        {
            // The busy handler is what lets the checkpoint wait for readers instead of giving up at once.
            wait.CommandText = $"PRAGMA busy_timeout = {(int)options.CheckpointWait.TotalMilliseconds}";
            wait.ExecuteNonQuery();
        }
        _checkpoint = writer.CreateCommand();
        _checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
    }

    public void AfterCommit()
    {
        var wal = new FileInfo(_walPath);
        if (wal.Exists && wal.Length > _limit)
        {
            // Readers outlasting the wait (a busy result or error) is fine: the next commit tries again.
            try
            {
                using var reader = _checkpoint.ExecuteReader();
            }
            catch (SqliteException)
            {
            }
        }
    }
}
