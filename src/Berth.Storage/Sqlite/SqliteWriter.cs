using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Berth.Storage.Sqlite;

/// <summary>
/// The only writer of the database: one connection, one loop. Operations queued while a batch is
/// committing go into the next one, so many concurrent writers share each commit (and its fsync).
/// Revisions are handed out here, in commit order, which is also the order events are published in.
/// </summary>
internal sealed partial class SqliteWriter : IAsyncDisposable
{
    private readonly Channel<WriteOperation> _queue = Channel.CreateUnbounded<WriteOperation>(new() { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly LogStatements _log;
    private readonly WatchHub _hub;
    private readonly int _maxBatch;
    private readonly WalCheckpointPolicy _checkpoints;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private long _revision;

    public SqliteWriter(SqliteConnection connection, WatchHub hub, int maxBatch, WalCheckpointPolicy checkpoints, ILogger logger)
    {
        _checkpoints = checkpoints;
        _connection = connection;
        _log = new LogStatements(connection);
        _hub = hub;
        _maxBatch = maxBatch;
        _logger = logger;
        _revision = SqliteSchema.ReadRevision(connection);
        _hub.Start(_revision);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The revision of the newest committed write.</summary>
    public long Revision => Volatile.Read(ref _revision);

    public Task<T> SubmitAsync<T>(WriteOperation<T> operation)
    {
        if (!_queue.Writer.TryWrite(operation))
        {
            throw new ObjectDisposedException(nameof(SqliteKeyValueStore));
        }
        return operation.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _log.Dispose();
        await _connection.DisposeAsync();
    }

    private async Task RunAsync()
    {
        var batch = new List<WriteOperation>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var operation))
            {
                batch.Add(operation);
            }
            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<WriteOperation> batch)
    {
        var context = new WriteContext(_revision);
        Exception? commitFailure = null;
        try
        {
            using var transaction = _connection.BeginTransaction(deferred: false);
            _log.Enlist(transaction);
            foreach (var operation in batch)
            {
                try
                {
                    operation.Execute(_log, context);
                }
                catch (StorageException e)
                {
                    operation.Fail(e);
                }
            }
            transaction.Commit();
            Volatile.Write(ref _revision, context.Revision);
            _hub.Publish(context.Events, context.Revision);
        }
        catch (Exception e)
        {
            LogCommitFailed(e, batch.Count);
            commitFailure = new StoreWriteException(e);
        }
        finally
        {
            _log.Enlist(null);
        }
        foreach (var operation in batch)
        {
            operation.Acknowledge(commitFailure);
        }
        _checkpoints.AfterCommit();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Committing a batch of {Count} writes failed; none of them was applied")]
    private partial void LogCommitFailed(Exception exception, int count);
}
