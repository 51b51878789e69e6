namespace Berth.Client.Queues;

/// <summary>
/// An overall limit for every item together: a bucket of <c>burst</c> tokens refilled at
/// <c>perSecond</c>; each retry takes one and waits for it when the bucket is empty.
/// </summary>
public sealed class TokenBucketRateLimiter<T>(double perSecond, int burst, TimeProvider time) : IRateLimiter<T>
{
    private readonly Lock _lock = new();
    private double _tokens = burst;
    private long _last = time.GetTimestamp();

    public TimeSpan When(T item)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(burst, _tokens + (time.GetElapsedTime(_last, now).TotalSeconds * perSecond));
            _last = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / perSecond);
        }
    }

    public void Forget(T item)
    {
    }

    public int NumRequeues(T item) => 0;
}
