using Berth.ApiServer.Http;
using Berth.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Watch;

/// <summary>
/// The server's one watch on the store (after the kube-apiserver cacher): it keeps every object under
/// <c>/registry/</c> and a window of recent events, serves lists and feeds all watchers, so a thousand
/// watchers cost one store watch.
/// </summary>
public sealed partial class WatchCache(IKeyValueStore store, ILogger<WatchCache> logger, int eventWindow = 20_000, int maxPendingPerWatcher = 50_000) : IAsyncDisposable
{
    public const string RootPrefix = "/registry/";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ResourceObjects> _byResource = new(StringComparer.Ordinal);
    private readonly Queue<CacheEvent> _window = new();
    private readonly List<CacheWatcher> _watchers = [];
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _revision;
    private long _windowStart;
    private Task? _pump;

    /// <summary>The newest store revision the cache reflects.</summary>
    public long Revision
    {
        get
        {
            lock (_lock)
            {
                return _revision;
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        _pump = Task.Run(() => PumpAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Waits until the cache has seen <paramref name="revision"/>; false on timeout.</summary>
    public async Task<bool> WaitForRevisionAsync(long revision, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Revision >= revision)
        {
            return true;
        }
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        while (true)
        {
            Task advanced;
            lock (_lock)
            {
                if (_revision >= revision)
                {
                    return true;
                }
                advanced = _advanced.Task;
            }
            try
            {
                await advanced.WaitAsync(timeoutCts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>The objects under a prefix in key order, and the revision they are current at.</summary>
    public (List<CachedObject> Items, long Revision) List(string prefix)
    {
        lock (_lock)
        {
            var items = new List<CachedObject>();
            if (_byResource.TryGetValue(ResourcePrefix(prefix), out var objects))
            {
                objects.AddUnder(prefix, items);
            }
            return (items, _revision);
        }
    }

    /// <summary>The cached object at a key, or null when the cache has none (yet).</summary>
    public CachedObject? Get(string key)
    {
        lock (_lock)
        {
            return _byResource.TryGetValue(ResourcePrefix(key), out var objects) ? objects.Get(key) : null;
        }
    }

    /// <summary>
    /// Subscribes to changes under a prefix after <paramref name="afterRevision"/>; with null, first
    /// every current object as an ADDED event. A revision older than the cache's window (a client
    /// resuming after a server restart) gets its own store watch; history the store compacted
    /// expires the watcher (410 Gone).
    /// </summary>
    public CacheWatcher Watch(string prefix, long? afterRevision)
    {
        var watcher = new CacheWatcher(this, prefix, maxPendingPerWatcher);
        lock (_lock)
        {
            if (afterRevision < _windowStart)
            {
                return WatchStore(prefix, afterRevision.Value);
            }
            if (afterRevision is null)
            {
                foreach (var item in List(prefix).Items)
                {
                    watcher.Offer(new CacheEvent(item.ModRevision, CacheEventType.Added, item, null));
                }
            }
            else
            {
                foreach (var cacheEvent in _window)
                {
                    if (cacheEvent.Revision > afterRevision && cacheEvent.Object.Key.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        watcher.Offer(cacheEvent);
                    }
                }
            }
            _watchers.Add(watcher);
        }
        return watcher;
    }

    private CacheWatcher WatchStore(string prefix, long afterRevision)
    {
        var watcher = new CacheWatcher(this, prefix, maxPendingPerWatcher, fromStore: true);
        var stopping = watcher.Stopping;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var storeEvent in store.WatchAsync(prefix, afterRevision, stopping))
                {
                    var current = CachedObject.From(storeEvent.Current);
                    var previous = storeEvent.Previous is { } p ? CachedObject.From(p) : null;
                    var type = storeEvent.Type switch
                    {
                        WatchEventType.Created => CacheEventType.Added,
                        WatchEventType.Deleted => CacheEventType.Deleted,
                        _ => CacheEventType.Modified,
                    };
                    if (!watcher.Offer(new CacheEvent(current.ModRevision, type, current, previous)))
                    {
                        return;
                    }
                }
            }
            catch (RevisionCompactedException ex)
            {
                watcher.Expire($"too old resource version: {afterRevision} ({ex.CompactedRevision})");
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
            }
            catch (Exception ex)
            {
                LogWatchFailed(ex);
                watcher.Close(ex.Message);
            }
        }, CancellationToken.None);
        return watcher;
    }

    /// <summary>
    /// The revision a bookmark may announce to this watcher: the cache revision once the watcher has
    /// taken every queued event, otherwise null.
    /// </summary>
    public long? BookmarkRevision(CacheWatcher watcher)
    {
        lock (_lock)
        {
            return watcher.Pending || watcher.FromStore ? null : _revision;
        }
    }

    internal void Unsubscribe(CacheWatcher watcher)
    {
        lock (_lock)
        {
            _watchers.Remove(watcher);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_pump is not null)
        {
            await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Close("the server is shutting down");
            }
            _watchers.Clear();
        }
        _stop.Dispose();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var list = await store.ListAsync(RootPrefix, cancellationToken: cancellationToken);
        lock (_lock)
        {
            _byResource.Clear();
            _window.Clear();
            foreach (var kv in list.Items)
            {
                Objects(kv.Key).Set(kv.Key, CachedObject.From(kv));
            }
            _revision = list.Revision;
            _windowStart = list.Revision;
            foreach (var watcher in _watchers)
            {
                watcher.Close("the watch cache was reloaded");
            }
            _watchers.Clear();
            Advance();
        }
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var storeEvent in store.WatchAsync(RootPrefix, Revision, cancellationToken))
                {
                    Apply(storeEvent);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogWatchFailed(ex);
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                    await LoadAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception reloadError)
                {
                    LogWatchFailed(reloadError);
                }
            }
        }
    }

    private void Apply(WatchEvent storeEvent)
    {
        var current = storeEvent.Current;
        // Read before taking the lock, which readers of the cache and its watchers wait for.
        var cached = CachedObject.From(current);
        lock (_lock)
        {
            if (current.ModRevision <= _revision)
            {
                return;
            }
            var objects = Objects(current.Key);
            CacheEvent cacheEvent;
            if (storeEvent.Type == WatchEventType.Deleted)
            {
                var previous = objects.Remove(current.Key);
                cacheEvent = new CacheEvent(current.ModRevision, CacheEventType.Deleted, cached, previous);
            }
            else
            {
                var previous = objects.Set(current.Key, cached);
                cacheEvent = new CacheEvent(current.ModRevision, previous is null ? CacheEventType.Added : CacheEventType.Modified, cached, previous);
            }
            _window.Enqueue(cacheEvent);
            while (_window.Count > eventWindow)
            {
                _windowStart = _window.Dequeue().Revision;
            }
            _revision = current.ModRevision;
            for (var i = _watchers.Count - 1; i >= 0; i--)
            {
                var watcher = _watchers[i];
                if (current.Key.StartsWith(watcher.Prefix, StringComparison.Ordinal) && !watcher.Offer(cacheEvent))
                {
                    _watchers.RemoveAt(i);
                }
            }
            Advance();
        }
    }

    private void Advance()
    {
        _advanced.TrySetResult();
        _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private ResourceObjects Objects(string key)
    {
        var resource = ResourcePrefix(key);
        if (!_byResource.TryGetValue(resource, out var objects))
        {
            objects = new ResourceObjects(resource);
            _byResource[resource] = objects;
        }
        return objects;
    }

    /// <summary>"/registry/{group}/{resource}/" of a key or of a longer prefix.</summary>
    private static string ResourcePrefix(string key)
    {
        var slashes = 0;
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == '/' && ++slashes == 4)
            {
                return key[..(i + 1)];
            }
        }
        return key;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The store watch ended; reloading the watch cache")]
    private partial void LogWatchFailed(Exception ex);
}
