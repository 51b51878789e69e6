namespace Berth.Storage.Sqlite;

/// <summary>
/// The one notifier behind every SQLite watch: the writer publishes each committed batch's events
/// here, in revision order, and the hub hands every watcher the ones under its prefix. Subscribing
/// records the last published revision, so a watch reads older history from the log and takes
/// everything newer from its subscription, missing nothing (after kine's "subscribe, then list").
/// </summary>
internal sealed class WatchHub
{
    private readonly Lock _lock = new();
    private readonly List<WatchSubscription> _subscriptions = [];
    private long _published;
    private bool _closed;

    public void Start(long revision) => _published = revision;

    public WatchSubscription Subscribe(string prefix, int capacity)
    {
        lock (_lock)
        {
            var subscription = new WatchSubscription(this, prefix, capacity, _published);
            if (_closed)
            {
                subscription.Close();
            }
            else
            {
                _subscriptions.Add(subscription);
            }
            return subscription;
        }
    }

    public void Publish(IReadOnlyList<WatchEvent> events, long revision)
    {
        lock (_lock)
        {
            foreach (var subscription in _subscriptions)
            {
                foreach (var e in events)
                {
                    if (e.Current.Key.StartsWith(subscription.Prefix, StringComparison.Ordinal))
                    {
                        subscription.Offer(e);
                    }
                }
            }
            _published = revision;
        }
    }

    /// <summary>Ends every watch: the store is closing.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var subscription in _subscriptions)
            {
                subscription.Close();
            }
            _subscriptions.Clear();
        }
    }

    internal void Unsubscribe(WatchSubscription subscription)
    {
        lock (_lock)
        {
            _subscriptions.Remove(subscription);
        }
    }
}
