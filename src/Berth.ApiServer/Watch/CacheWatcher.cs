using System.Threading.Channels;

namespace Berth.ApiServer.Watch;

/// <summary>
/// One client's subscription to the <see cref="WatchCache"/>: events under a key prefix, in revision
/// order. A watcher that falls too far behind is closed; its client re-lists, as with Kubernetes.
/// </summary>
public sealed class CacheWatcher : IDisposable
{
    private readonly Channel<CacheEvent> _events = Channel.CreateUnbounded<CacheEvent>();
    private readonly WatchCache _cache;
    private readonly int _maxPending;

    private readonly CancellationTokenSource _stop = new();

    internal CacheWatcher(WatchCache cache, string prefix, int maxPending, bool fromStore = false)
    {
        _cache = cache;
        Prefix = prefix;
        _maxPending = maxPending;
        FromStore = fromStore;
    }

    /// <summary>Fed by its own store watch (a resume from before the cache's window), so no bookmarks.</summary>
    public bool FromStore { get; }

    /// <summary>Set when the history this watch needs has been compacted: the client gets 410 Gone.</summary>
    public bool Expired { get; private set; }

    internal CancellationToken Stopping => _stop.Token;

    public string Prefix { get; }

    public ChannelReader<CacheEvent> Events => _events.Reader;

    /// <summary>Set when the cache closed this watcher (too slow, or the cache restarted).</summary>
    public string? ClosedReason { get; private set; }

    internal bool Pending => _events.Reader.Count > 0;

    /// <summary>Queues an event; false when the watcher is too far behind and got closed.</summary>
    internal bool Offer(CacheEvent cacheEvent)
    {
        if (_events.Reader.Count >= _maxPending)
        {
            Close("the watcher fell too far behind");
            return false;
        }
        return _events.Writer.TryWrite(cacheEvent);
    }

    internal void Expire(string reason)
    {
        Expired = true;
        Close(reason);
    }

    internal void Close(string reason)
    {
        ClosedReason ??= reason;
        _events.Writer.TryComplete();
    }

    public void Dispose()
    {
        _cache.Unsubscribe(this);
        _events.Writer.TryComplete();
        _stop.Cancel();
        _stop.Dispose();
    }
}
