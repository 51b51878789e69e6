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

    internal CacheWatcher(WatchCache cache, string prefix, int maxPending)
    {
        _cache = cache;
        Prefix = prefix;
        _maxPending = maxPending;
    }

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

    internal void Close(string reason)
    {
        ClosedReason ??= reason;
        _events.Writer.TryComplete();
    }

    public void Dispose()
    {
        _cache.Unsubscribe(this);
        _events.Writer.TryComplete();
    }
}
