namespace Berth.Client.Queues;

/// <summary>The longest delay of several limiters.</summary>
public sealed class MaxOfRateLimiter<T>(params IRateLimiter<T>[] limiters) : IRateLimiter<T>
    where T : notnull
{
    /// <summary>
    /// client-go's default controller limiter: 5 ms doubling to 1000 s per item, and 10 retries a
    /// second (burst 100) overall.
    /// </summary>
    public static MaxOfRateLimiter<T> ControllerDefault(TimeProvider time) => new(
        new ExponentialFailureRateLimiter<T>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)) as IRateLimiter<T>,
        new TokenBucketRateLimiter<T>(10, 100, time));

    public TimeSpan When(T item) => limiters.Select(l => l.When(item)).Max();

    public void Forget(T item)
    {
        foreach (var limiter in limiters)
        {
            limiter.Forget(item);
        }
    }

    public int NumRequeues(T item) => limiters.Max(l => l.NumRequeues(item));
}
