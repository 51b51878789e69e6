namespace Berth.Client.Queues;

/// <summary>
/// A rate-limited, delaying work queue with client-go's guarantees: an item queued many times
/// before a worker takes it is processed once; an item is never processed by two workers at once
/// (added while processing, it is queued again when <see cref="Done"/> is called); failed items
/// come back after a per-item back-off.
/// </summary>
public sealed class WorkQueue<T> : IDisposable
    where T : notnull
{
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly IRateLimiter<T> _limiter;
    private readonly TimeProvider _time;
    private readonly List<ITimer> _timers = [];
    private bool _shutDown;

    public WorkQueue(IRateLimiter<T> limiter, TimeProvider time)
    {
        _limiter = limiter;
        _time = time;
    }

    /// <summary>A queue with client-go's default controller back-off.</summary>
    public static WorkQueue<T> ForController(TimeProvider time) => new(MaxOfRateLimiter<T>.ControllerDefault(time), time);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public void Add(T item)
    {
        lock (_lock)
        {
            if (_shutDown || !_dirty.Add(item) || _processing.Contains(item))
            {
                return;
            }
            _queue.Enqueue(item);
        }
        _available.Release();
    }

    /// <summary>Adds the item once the delay has passed (at once for a zero delay).</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }
        lock (_lock)
        {
            if (_shutDown)
            {
                return;
            }
            ITimer? timer = null;
            timer = _time.CreateTimer(_ =>
            {
                lock (_lock)
                {
                    _timers.Remove(timer!);
                }
                timer!.Dispose();
                Add(item);
            }, null, delay, Timeout.InfiniteTimeSpan);
            _timers.Add(timer);
        }
    }

    /// <summary>Adds the item after its back-off; each call lengthens it until <see cref="Forget"/>.</summary>
    public void AddRateLimited(T item) => AddAfter(item, _limiter.When(item));

    public void Forget(T item) => _limiter.Forget(item);

    public int NumRequeues(T item) => _limiter.NumRequeues(item);

    /// <summary>Waits for the next item; null once the queue is shut down.</summary>
    public async Task<T?> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken);
            lock (_lock)
            {
                if (_shutDown)
                {
                    return default;
                }
                if (_queue.TryDequeue(out var item))
                {
                    _dirty.Remove(item);
                    _processing.Add(item);
                    return item;
                }
            }
        }
    }

    /// <summary>The worker finished the item; if it was added meanwhile, it is queued again.</summary>
    public void Done(T item)
    {
        lock (_lock)
        {
            _processing.Remove(item);
            if (!_dirty.Contains(item) || _shutDown)
            {
                return;
            }
            _queue.Enqueue(item);
        }
        _available.Release();
    }

    public void ShutDown()
    {
        lock (_lock)
        {
            if (_shutDown)
            {
                return;
            }
            _shutDown = true;
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }
            _timers.Clear();
        }
        _available.Release(int.MaxValue / 2);
    }

    public void Dispose()
    {
        ShutDown();
        _available.Dispose();
    }
}
