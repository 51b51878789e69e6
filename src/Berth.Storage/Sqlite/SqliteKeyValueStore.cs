using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Storage.Sqlite;

/// <summary>
/// The embedded backend: one SQLite file in WAL mode holding an append-only log keyed by revision
/// (after kine's sqllog). Writes go through one <see cref="SqliteWriter"/>; reads use pooled
/// connections, each in its own snapshot. One process owns a file at a time (a lock file beside it).
/// </summary>
public sealed class SqliteKeyValueStore : IKeyValueStore
{
    private const int HistoryPage = 1000;

    private readonly string _readConnectionString;
    private readonly SqliteStoreOptions _options;
    private readonly WatchHub _hub;
    private readonly SqliteWriter _writer;
    private readonly FileStream _ownership;

    private SqliteKeyValueStore(string readConnectionString, SqliteStoreOptions options, WatchHub hub, SqliteWriter writer, FileStream ownership)
    {
        _readConnectionString = readConnectionString;
        _options = options;
        _hub = hub;
        _writer = writer;
        _ownership = ownership;
    }

    /// <summary>The database file.</summary>
    public required string Path { get; init; }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">Another process (or store) has the file open.</exception>
    public static SqliteKeyValueStore Open(string path, SqliteStoreOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        options ??= new SqliteStoreOptions();
        path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var ownership = TakeOwnership(path);
        try
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
            var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            SqliteSchema.Apply(connection, options);
            var hub = new WatchHub();
            var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqliteKeyValueStore>();
            var writer = new SqliteWriter(connection, hub, options.MaxBatch, new WalCheckpointPolicy(connection, path + "-wal", options), logger);
            builder.Mode = SqliteOpenMode.ReadWrite;
            builder.Pooling = true;
            return new SqliteKeyValueStore(builder.ToString(), options, hub, writer, ownership) { Path = path };
        }
        catch
        {
            ownership.Dispose();
            throw;
        }
    }

    public Task<long> GetRevisionAsync(CancellationToken cancellationToken = default) => Task.FromResult(_writer.Revision);

    public async Task<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {LogRow.Columns} FROM kv_current c JOIN kv_log l ON l.id = c.id WHERE c.name = $name AND c.deleted = 0";
        command.Parameters.AddWithValue("$name", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? LogRow.Read(reader).ToKeyValue() : null;
    }

    public async Task<ListResult> ListAsync(string prefix, long revision = 0, string? startAfterKey = null, int limit = 0, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        // One read transaction: the revision, the compaction point and the rows share a snapshot.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var current = SqliteSchema.ReadRevision(connection, transaction);
        if (revision > current)
        {
            throw new FutureRevisionException(revision, current);
        }
        if (revision > 0 && revision < current)
        {
            var compacted = SqliteSchema.ReadMeta(connection, SqliteSchema.CompactRevisionKey, transaction);
            if (revision < compacted)
            {
                throw new RevisionCompactedException(revision, compacted);
            }
        }
        var atRevision = revision == 0 ? current : revision;

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var range = new KeyRangeFilter(prefix, startAfterKey);
        command.CommandText = atRevision == current
            ? $"""
                SELECT {LogRow.Columns} FROM kv_current c JOIN kv_log l ON l.id = c.id
                WHERE {range.Sql("c.name")} AND c.deleted = 0 ORDER BY c.name LIMIT $limit
                """
            // The newest row of each key at or before the revision, unless it is a tombstone.
            : $"""
                SELECT {LogRow.Columns} FROM kv_log l
                WHERE {range.Sql("l.name")}
                  AND l.id = (SELECT MAX(m.id) FROM kv_log m WHERE m.name = l.name AND m.id <= $revision)
                  AND l.deleted = 0
                ORDER BY l.name LIMIT $limit
                """;
        range.Bind(command);
        command.Parameters.AddWithValue("$revision", atRevision);
        command.Parameters.AddWithValue("$limit", limit > 0 ? limit + 1 : -1);

        var items = new List<KeyValue>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(LogRow.Read(reader).ToKeyValue());
            }
        }
        var hasMore = limit > 0 && items.Count > limit;
        if (hasMore)
        {
            items.RemoveAt(items.Count - 1);
        }
        return new ListResult(items, atRevision, hasMore);
    }

    public async Task<long> CreateAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        var written = await _writer.SubmitAsync(new KeyWrite(KeyWriteKind.Create, key, value, 0));
        return written.ModRevision;
    }

    public async Task<long> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        var written = await _writer.SubmitAsync(new KeyWrite(KeyWriteKind.Update, key, value, expectedModRevision));
        return written.ModRevision;
    }

    public Task<KeyValue> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _writer.SubmitAsync(new KeyWrite(KeyWriteKind.Delete, key, null, expectedModRevision));
    }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = afterRevision;
        while (true)
        {
            // Subscribe first, then read the log up to the subscription's start: nothing falls between.
            using var subscription = _hub.Subscribe(prefix, _options.WatchBuffer);
            while (after < subscription.StartRevision)
            {
                var page = await ReadHistoryAsync(prefix, after, subscription.StartRevision, cancellationToken);
                foreach (var e in page)
                {
                    yield return e;
                }
                after = page.Count < HistoryPage ? subscription.StartRevision : page[^1].Current.ModRevision;
            }
            await foreach (var e in subscription.Events.ReadAllAsync(cancellationToken))
            {
                if (e.Current.ModRevision > after)
                {
                    yield return e;
                    after = e.Current.ModRevision;
                }
            }
            if (!subscription.Overflowed)
            {
                yield break;
            }
        }
    }

    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        var target = await _writer.SubmitAsync(new CompactionStart(revision));
        // Small steps, each its own short transaction, so writers queued meanwhile go in between.
        while (await _writer.SubmitAsync(new CompactionStep(target, _options.CompactionBatch)))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _hub.Close();
        await _writer.DisposeAsync();
        using (var connection = new SqliteConnection(_readConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
        await _ownership.DisposeAsync();
    }

    private async Task<List<WatchEvent>> ReadHistoryAsync(string prefix, long after, long upTo, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var compacted = SqliteSchema.ReadMeta(connection, SqliteSchema.CompactRevisionKey, transaction);
        if (after < compacted)
        {
            throw new RevisionCompactedException(after, compacted);
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var range = new KeyRangeFilter(prefix);
        command.CommandText = $"""
            SELECT {LogRow.HistoryColumns} FROM kv_log l {LogRow.HistoryJoin}
            WHERE l.id > $from AND l.id <= $upTo AND {range.Sql("l.name")}
            ORDER BY l.id LIMIT {HistoryPage}
            """;
        command.Parameters.AddWithValue("$from", after);
        command.Parameters.AddWithValue("$upTo", upTo);
        range.Bind(command);
        var events = new List<WatchEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(LogRow.Read(reader).ToEvent());
        }
        return events;
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static FileStream TakeOwnership(string path)
    {
        try
        {
            return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"the datastore {path} is in use by another process", e);
        }
    }
}
