using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Queue;

/// <summary>
/// kube-scheduler's PriorityQueue: pods to schedule wait in one of three places.
/// <code>
///   add ──► active (PrioritySort: higher priority first, then first queued) ──pop──► in flight
///   in flight ──error, or a cluster change during its cycle──► backoff (1 s, 2 s, 4 s … 10 s) ──expired──► active
///   in flight ──rejected──► unschedulable ──a change that may help it, or 5 minutes──► backoff or active
/// </code>
/// A rejected pod is retried only on a cluster event one of the plugins that turned it down cares
/// about (<see cref="EventInterest"/>), or when its own spec or labels change. Thread-safe.
/// </summary>
public sealed class SchedulingQueue(SchedulerOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _pods = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(QueuedPod Pod, long Version), (int Priority, long Ticks, long Sequence)> _active = new();
    private readonly PriorityQueue<(QueuedPod Pod, long Version), DateTimeOffset> _backoff = new();
    private readonly Dictionary<string, QueuedPod> _unschedulable = new(StringComparer.Ordinal);
    private readonly Dictionary<ClusterEvent, long> _lastEventCycle = [];
    private readonly SemaphoreSlim _available = new(0, 1);
    private long _cycle;
    private long _sequence;
    private bool _closed;

    private enum Place
    {
        Active,
        Backoff,
        Unschedulable,
        InFlight,
    }

    /// <summary>Pods waiting in each place (for tests and logs).</summary>
    public (int Active, int Backoff, int Unschedulable, int InFlight) Counts
    {
        get
        {
            lock (_lock)
            {
                return (Count(Place.Active), Count(Place.Backoff), Count(Place.Unschedulable), Count(Place.InFlight));
            }
        }
    }

    /// <summary>A pending pod seen for the first time goes to the active queue; a known one is updated.</summary>
    public void Add(PodInfo pod)
    {
        lock (_lock)
        {
            if (_pods.ContainsKey(pod.Uid))
            {
                UpdateLocked(pod, specChanged: false);
                return;
            }
            var queued = new QueuedPod(pod, time.GetUtcNow());
            _pods[pod.Uid] = new Entry(queued, Place.Active);
            PushActive(queued);
        }
    }

    /// <summary>
    /// The pod changed. Its queued copy is replaced; when its spec or labels changed, an
    /// unschedulable pod is retried (after its back-off) and one in flight will not be parked.
    /// </summary>
    public void Update(PodInfo pod, bool specChanged)
    {
        lock (_lock)
        {
            if (!_pods.ContainsKey(pod.Uid))
            {
                var queued = new QueuedPod(pod, time.GetUtcNow());
                _pods[pod.Uid] = new Entry(queued, Place.Active);
                PushActive(queued);
                return;
            }
            UpdateLocked(pod, specChanged);
        }
    }

    /// <summary>The pod is gone, bound by someone else, or no longer ours.</summary>
    public void Delete(string uid)
    {
        lock (_lock)
        {
            if (_pods.Remove(uid, out var entry))
            {
                entry.Pod.Version++;
                _unschedulable.Remove(uid);
            }
        }
    }

    /// <summary>Whether the queue holds the pod in any place (in flight included).</summary>
    public bool Contains(string uid)
    {
        lock (_lock)
        {
            return _pods.ContainsKey(uid);
        }
    }

    /// <summary>The most important active pod, now in flight; waits for one; null once closed.</summary>
    public async Task<QueuedPod?> PopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_closed)
                {
                    return null;
                }
                while (_active.TryDequeue(out var item, out _))
                {
                    if (Current(item.Pod.Pod.Uid, item.Version, Place.Active) is not { } entry)
                    {
                        continue;
                    }
                    var pod = entry.Pod;
                    _pods[pod.Pod.Uid] = entry with { Place = Place.InFlight };
                    pod.Version++;
                    pod.Cycle = ++_cycle;
                    pod.Attempts++;
                    pod.UpdatedInFlight = false;
                    return pod;
                }
            }
            await _available.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The pod in flight is bound (or needs nothing more): it leaves the queue.</summary>
    public void Done(string uid)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(uid, out var entry) && entry.Place == Place.InFlight)
            {
                _pods.Remove(uid);
            }
        }
    }

    /// <summary>
    /// The pod in flight did not get a node. After an error, or when the pod changed or the cluster
    /// changed in a way that may help it during its cycle, it backs off and is retried; otherwise
    /// it is unschedulable until a change one of <paramref name="rejectedBy"/> cares about.
    /// </summary>
    public void Requeue(QueuedPod pod, IReadOnlySet<string> rejectedBy, bool error)
    {
        lock (_lock)
        {
            if (Current(pod.Pod.Uid, pod.Version, Place.InFlight) is null)
            {
                return;
            }
            var now = time.GetUtcNow();
            pod.Timestamp = now;
            pod.BackoffExpiry = now + BackoffDuration(pod.Attempts);
            pod.UnschedulablePlugins = rejectedBy;
            if (error || pod.UpdatedInFlight || _lastEventCycle.Any(e => e.Value >= pod.Cycle && EventInterest.MayHelp(e.Key, rejectedBy)))
            {
                MoveLocked(pod, now);
            }
            else
            {
                _pods[pod.Pod.Uid] = new Entry(pod, Place.Unschedulable);
                _unschedulable[pod.Pod.Uid] = pod;
            }
        }
    }

    /// <summary>A cluster change: the unschedulable pods it may help are retried (after what is left of their back-off).</summary>
    public void OnClusterEvent(ClusterEvent change)
    {
        lock (_lock)
        {
            _lastEventCycle[change] = _cycle;
            if (_unschedulable.Count == 0)
            {
                return;
            }
            var now = time.GetUtcNow();
            foreach (var pod in _unschedulable.Values.Where(p => EventInterest.MayHelp(change, p.UnschedulablePlugins)).ToList())
            {
                MoveLocked(pod, now);
            }
        }
    }

    /// <summary>Pods whose back-off ended go to the active queue (kube flushes every second).</summary>
    public void FlushBackoff()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            while (_backoff.TryPeek(out var item, out var expiry) && expiry <= now)
            {
                _backoff.Dequeue();
                if (Current(item.Pod.Pod.Uid, item.Version, Place.Backoff) is { } entry)
                {
                    _pods[entry.Pod.Pod.Uid] = entry with { Place = Place.Active };
                    PushActive(entry.Pod);
                }
            }
        }
    }

    /// <summary>Pods unschedulable for longer than podMaxInUnschedulablePodsDuration are retried anyway.</summary>
    public void FlushUnschedulable()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var pod in _unschedulable.Values.Where(p => now - p.Timestamp > options.PodMaxInUnschedulablePodsDuration).ToList())
            {
                MoveLocked(pod, now);
            }
        }
    }

    /// <summary>Flushes back-off every second and long-unschedulable pods every 30 seconds until cancelled.</summary>
    public async Task RunFlushesAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                FlushBackoff();
                if (++ticks % 30 == 0)
                {
                    FlushUnschedulable();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Wakes every <see cref="PopAsync"/>, which then returns null.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            Signal();
        }
    }

    /// <summary>kube's back-off: the initial duration doubled for each attempt after the first, at most the maximum.</summary>
    public TimeSpan BackoffDuration(int attempts)
    {
        var duration = options.PodInitialBackoff;
        for (var i = 1; i < attempts; i++)
        {
            duration *= 2;
            if (duration > options.PodMaxBackoff)
            {
                return options.PodMaxBackoff;
            }
        }
        return duration;
    }

    private void UpdateLocked(PodInfo pod, bool specChanged)
    {
        var entry = _pods[pod.Uid];
        entry.Pod.Pod = pod;
        if (!specChanged)
        {
            return;
        }
        switch (entry.Place)
        {
            case Place.InFlight:
                entry.Pod.UpdatedInFlight = true;
                break;
            case Place.Unschedulable:
                MoveLocked(entry.Pod, time.GetUtcNow());
                break;
        }
    }

    /// <summary>To the back-off queue while backing off, else to the active queue.</summary>
    private void MoveLocked(QueuedPod pod, DateTimeOffset now)
    {
        pod.Version++;
        _unschedulable.Remove(pod.Pod.Uid);
        if (pod.BackoffExpiry > now)
        {
            _pods[pod.Pod.Uid] = new Entry(pod, Place.Backoff);
            _backoff.Enqueue((pod, pod.Version), pod.BackoffExpiry);
        }
        else
        {
            _pods[pod.Pod.Uid] = new Entry(pod, Place.Active);
            PushActive(pod);
        }
    }

    private void PushActive(QueuedPod pod)
    {
        _active.Enqueue((pod, pod.Version), (-pod.Pod.Priority, pod.Timestamp.UtcTicks, _sequence++));
        Signal();
    }

    private void Signal()
    {
        if (_available.CurrentCount == 0)
        {
            _available.Release();
        }
    }

    /// <summary>The pod's entry if the heap item is still current: same version, same place.</summary>
    private Entry? Current(string uid, long version, Place place) =>
        _pods.TryGetValue(uid, out var entry) && entry.Place == place && entry.Pod.Version == version ? entry : null;

    private int Count(Place place) => _pods.Values.Count(e => e.Place == place);

    private sealed record Entry(QueuedPod Pod, Place Place);
}
