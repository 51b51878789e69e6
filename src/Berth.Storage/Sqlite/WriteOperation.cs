namespace Berth.Storage.Sqlite;

/// <summary>
/// One unit of work for <see cref="SqliteWriter"/>: it runs inside the writer's current batch
/// transaction and is acknowledged only after that transaction commits.
/// </summary>
internal abstract class WriteOperation
{
    /// <summary>Applies the operation; a <see cref="StorageException"/> it throws fails only this operation.</summary>
    public abstract void Execute(LogStatements log, WriteContext context);

    /// <summary>Records this operation's own failure, reported at acknowledgement.</summary>
    public abstract void Fail(Exception failure);

    /// <summary>Called after the commit, or with the commit's failure.</summary>
    public abstract void Acknowledge(Exception? commitFailure);
}

/// <summary>An operation whose caller awaits a <typeparamref name="T"/>.</summary>
internal abstract class WriteOperation<T> : WriteOperation
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _failure;

    public Task<T> Task => _done.Task;

    /// <summary>What the caller gets once the batch commits.</summary>
    protected T Result { get; set; } = default!;

    public override void Fail(Exception failure) => _failure = failure;

    public override void Acknowledge(Exception? commitFailure)
    {
        if ((commitFailure ?? _failure) is { } failure)
        {
            _done.TrySetException(failure);
        }
        else
        {
            _done.TrySetResult(Result);
        }
    }
}
