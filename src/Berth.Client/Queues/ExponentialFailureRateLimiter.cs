namespace Berth.Client.Queues;

/// <summary>Per item: base × 2^failures, capped (client-go's ItemExponentialFailureRateLimiter).</summary>
public sealed class ExponentialFailureRateLimiter<T>(TimeSpan baseDelay, TimeSpan maxDelay) : IRateLimiter<T>
    where T : notnull
{
    private readonly Dictionary<T, int> _failures = [];
    private readonly Lock _lock = new();

    public TimeSpan When(T item)
    {
        lock (_lock)
        {
            var failures = _failures.GetValueOrDefault(item);
            _failures[item] = failures + 1;
            var delay = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 62));
            return delay >= maxDelay.TotalMilliseconds ? maxDelay : TimeSpan.FromMilliseconds(delay);
        }
    }

    public void Forget(T item)
    {
        lock (_lock)
        {
            _failures.Remove(item);
        }
    }

    public int NumRequeues(T item)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(item);
        }
    }
}
