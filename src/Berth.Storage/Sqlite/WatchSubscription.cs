using System.Threading.Channels;

namespace Berth.Storage.Sqlite;

/// <summary>
/// One watcher's queue of published events. A watcher that falls more than its capacity behind is
/// cut off (<see cref="Overflowed"/>) rather than holding up the writer; it then re-reads from the log.
/// </summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly WatchHub _hub;
    private readonly Channel<WatchEvent> _events;

    public WatchSubscription(WatchHub hub, string prefix, int capacity, long startRevision)
    {
        _hub = hub;
        Prefix = prefix;
        StartRevision = startRevision;
        _events = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
    }

    public string Prefix { get; }

    /// <summary>The last revision published before this subscription: it receives every later one.</summary>
    public long StartRevision { get; }

    public bool Overflowed { get; private set; }

    public ChannelReader<WatchEvent> Events => _events.Reader;

    public void Dispose() => _hub.Unsubscribe(this);

    internal void Offer(WatchEvent e)
    {
        if (!Overflowed && !_events.Writer.TryWrite(e))
        {
            Overflowed = true;
            _events.Writer.TryComplete();
        }
    }

    internal void Close() => _events.Writer.TryComplete();
}
