namespace Berth.Storage.Sqlite;

/// <summary>Tuning of the SQLite backend; the defaults are what `berth server` uses.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>
    /// True: fsync the WAL on every commit (synchronous=FULL), so acknowledged writes survive power
    /// loss too. False (synchronous=NORMAL): they survive a process crash (kill -9) but not power loss.
    /// </summary>
    public bool SyncEveryCommit { get; init; } = true;

    /// <summary>Pages written to the WAL before SQLite checkpoints it into the database (passive).</summary>
    public int WalAutoCheckpointPages { get; init; } = 1000;

    /// <summary>
    /// WAL size past which the writer, after a commit, runs a truncating checkpoint (waiting at most
    /// <see cref="CheckpointWait"/> for readers). Passive checkpoints alone cannot restart the WAL
    /// while readers keep arriving, so under constant reads and writes it would grow without end.
    /// </summary>
    public long WalCheckpointBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>How long a truncating checkpoint waits for readers before giving up until the next commit.</summary>
    public TimeSpan CheckpointWait { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Size the WAL file is truncated back to after a checkpoint resets it.</summary>
    public long WalSizeLimitBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most writes committed together in one transaction (group commit).</summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>Log rows a compaction step examines per transaction, so writers wait only briefly.</summary>
    public int CompactionBatch { get; init; } = 500;

    /// <summary>Events a slow watcher may have queued before it re-reads from the log instead.</summary>
    public int WatchBuffer { get; init; } = 4096;
}
