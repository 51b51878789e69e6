namespace Berth.Client.Queues;

/// <summary>How long an item waits before it is retried (client-go's workqueue.RateLimiter).</summary>
public interface IRateLimiter<in T>
{
    /// <summary>The delay for this item's next retry; each call counts as one more failure.</summary>
    TimeSpan When(T item);

    /// <summary>The item succeeded: its failures no longer count.</summary>
    void Forget(T item);

    int NumRequeues(T item);
}
