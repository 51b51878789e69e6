using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Storage.Compaction;

/// <summary>
/// Compacts a store every <see cref="CompactionPolicy.Interval"/>, keeping the policy's watch window.
/// It samples the store's revision on each tick, so "the last T minutes" is the newest revision it
/// saw at least T ago. Time comes from a <see cref="TimeProvider"/>, so tests drive the clock.
/// </summary>
public sealed partial class PeriodicCompactor : IAsyncDisposable
{
    private readonly IKeyValueStore _store;
    private readonly CompactionPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<(DateTimeOffset At, long Revision)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _compacted;

    public PeriodicCompactor(IKeyValueStore store, CompactionPolicy policy, TimeProvider time, ILogger<PeriodicCompactor>? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(policy.KeepRevisions);
        ArgumentOutOfRangeException.ThrowIfLessThan(policy.KeepFor, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(policy.Interval, TimeSpan.Zero);
        _store = store;
        _policy = policy;
        _time = time;
        _logger = logger ?? NullLogger<PeriodicCompactor>.Instance;
    }

    /// <summary>Raised after each compaction with the revision compacted at.</summary>
    public event Action<long>? Compacted;

    /// <summary>Starts ticking; a tick's failure is logged and the next tick tries again.</summary>
    public void Start() => _loop = RunAsync(_stop.Token);

    /// <summary>
    /// One tick: samples the revision and compacts up to the edge of the window if that moved.
    /// Returns the revision compacted at, or 0 when there was nothing to forget.
    /// </summary>
    public async Task<long> CompactOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var revision = await _store.GetRevisionAsync(cancellationToken);
        _samples.Add((now, revision));
        var target = Math.Min(revision - _policy.KeepRevisions, OldestOutsideTimeWindow(now));
        if (target <= _compacted)
        {
            return 0;
        }
        await _store.CompactAsync(target, cancellationToken);
        _compacted = target;
        LogCompacted(target, revision);
        Compacted?.Invoke(target);
        return target;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>The newest sampled revision at least KeepFor old; older samples are no longer needed.</summary>
    private long OldestOutsideTimeWindow(DateTimeOffset now)
    {
        if (_policy.KeepFor == TimeSpan.Zero)
        {
            return long.MaxValue;
        }
        var edge = _samples.FindLastIndex(s => s.At <= now - _policy.KeepFor);
        if (edge < 0)
        {
            return 0;
        }
        _samples.RemoveRange(0, edge);
        return _samples[0].Revision;
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_policy.Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await CompactOnceAsync(cancellationToken);
                }
                catch (Exception e) when (e is StorageException or IOException)
                {
                    LogCompactionFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Compacted the store at revision {Target} (newest {Revision})")]
    private partial void LogCompacted(long target, long revision);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Compacting the store failed; retrying on the next tick")]
    private partial void LogCompactionFailed(Exception exception);
}
