using Microsoft.Extensions.Logging;

namespace Berth.Storage.Expiry;

/// <summary>
/// Deletes every key under a prefix a fixed time after its last write: the TTL Kubernetes gives
/// Events (kube-apiserver's --event-ttl, one hour), written once above every backend as a
/// watch-driven delaying queue (after kine's TTL handling). A key already stored when it starts
/// gets a full TTL from then. The deletion is a compare-and-swap on the mod revision it was
/// scheduled for, so a key written again meanwhile lives on until its new expiry.
/// </summary>
public sealed partial class KeyExpiry(IKeyValueStore store, string prefix, TimeSpan ttl, TimeProvider time, ILogger<KeyExpiry> logger)
{
    private readonly PriorityQueue<(string Key, long ModRevision), DateTimeOffset> _due = new();
    private readonly Dictionary<string, long> _current = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _changed = new(0);

    /// <summary>Keys waiting for their expiry.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _current.Count;
            }
        }
    }

    /// <summary>The write of <paramref name="key"/> whose expiry is scheduled, or null when none is.</summary>
    public long? ScheduledRevision(string key)
    {
        lock (_lock)
        {
            return _current.TryGetValue(key, out var revision) ? revision : null;
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var listed = await store.ListAsync(prefix, cancellationToken: cancellationToken);
                foreach (var kv in listed.Items)
                {
                    Schedule(kv.Key, kv.ModRevision);
                }
                using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var watch = FollowAsync(listed.Revision, watching.Token);
                var expire = ExpireAsync(watching.Token);
                await Task.WhenAny(watch, expire);
                await watching.CancelAsync();
                await Task.WhenAll(watch, expire).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await watch;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is StorageException or IOException or OperationCanceledException)
            {
                LogFailed(ex, prefix);
                lock (_lock)
                {
                    _due.Clear();
                    _current.Clear();
                }
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task FollowAsync(long afterRevision, CancellationToken cancellationToken)
    {
        await foreach (var change in store.WatchAsync(prefix, afterRevision, cancellationToken))
        {
            if (change.Type == WatchEventType.Deleted)
            {
                lock (_lock)
                {
                    _current.Remove(change.Current.Key);
                }
            }
            else
            {
                Schedule(change.Current.Key, change.Current.ModRevision);
            }
        }
    }

    private void Schedule(string key, long modRevision)
    {
        lock (_lock)
        {
            _current[key] = modRevision;
            _due.Enqueue((key, modRevision), time.GetUtcNow() + ttl);
        }
        _changed.Release();
    }

    private async Task ExpireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var (next, wait) = NextDue();
            if (next is { } due)
            {
                await DeleteAsync(due.Key, due.ModRevision, cancellationToken);
                continue;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Waits for the first expiry or for a new key (which may expire no earlier, but keeps the loop simple).
            var delay = wait is { } w ? Task.Delay(w, time, timeout.Token) : Task.Delay(Timeout.InfiniteTimeSpan, time, timeout.Token);
            await Task.WhenAny(delay, _changed.WaitAsync(timeout.Token));
            await timeout.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The first entry whose time has come and that is still the key's newest write, else how long until one may be.</summary>
    private ((string Key, long ModRevision)? Due, TimeSpan? Wait) NextDue()
    {
        lock (_lock)
        {
            while (_due.TryPeek(out var entry, out var at))
            {
                if (_current.GetValueOrDefault(entry.Key) != entry.ModRevision)
                {
                    _due.Dequeue();
                    continue;
                }
                var now = time.GetUtcNow();
                if (at > now)
                {
                    return (null, at - now);
                }
                _due.Dequeue();
                _current.Remove(entry.Key);
                return (entry, null);
            }
            return (null, null);
        }
    }

    private async Task DeleteAsync(string key, long modRevision, CancellationToken cancellationToken)
    {
        try
        {
            await store.DeleteAsync(key, modRevision, cancellationToken);
        }
        catch (Exception ex) when (ex is RevisionConflictException or KeyMissingException)
        {
            // Written again (the watch schedules the new write) or deleted meanwhile.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "expiry of keys under {Prefix} failed; starting again")]
    private partial void LogFailed(Exception ex, string prefix);
}
