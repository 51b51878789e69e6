using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Cache;

/// <summary>
/// The scheduler's view of the cluster (kube-scheduler's cache): a <see cref="ClusterSnapshot"/>
/// kept from informers, plus the pods assumed on a node while their binding is in flight, so the
/// next cycle already counts them. An assumed pod is confirmed when the informer sees it bound,
/// and forgotten when its binding fails. One lock serializes informer changes and scheduling cycles.
/// </summary>
public sealed class SchedulerCache
{
    private readonly Lock _lock = new();
    private readonly ClusterSnapshot _snapshot = new();
    private readonly HashSet<string> _assumed = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="use"/> with the snapshot while no change can happen.</summary>
    public T Read<T>(Func<ClusterSnapshot, T> use)
    {
        lock (_lock)
        {
            return use(_snapshot);
        }
    }

    /// <summary>Changes the snapshot under the lock.</summary>
    public void Change(Action<ClusterSnapshot> change)
    {
        lock (_lock)
        {
            change(_snapshot);
        }
    }

    public bool IsAssumed(string uid)
    {
        lock (_lock)
        {
            return _assumed.Contains(uid);
        }
    }

    /// <summary>Counts the pod on <paramref name="node"/> before it is bound. Call inside <see cref="Read{T}"/> or alone.</summary>
    public void Assume(PodInfo pod, string node)
    {
        lock (_lock)
        {
            _snapshot.AddPod(pod.AssumedOn(node));
            _assumed.Add(pod.Uid);
        }
    }

    /// <summary>The binding failed: the assumed pod no longer counts; false when it was confirmed or gone meanwhile.</summary>
    public bool Forget(string uid)
    {
        lock (_lock)
        {
            if (!_assumed.Remove(uid))
            {
                return false;
            }
            _snapshot.RemovePod(uid);
            return true;
        }
    }

    /// <summary>A pod bound to a node (seen by the informer): added, or replacing its assumed or older self. True when it was not counted as bound before.</summary>
    public bool AddBound(PodInfo pod)
    {
        lock (_lock)
        {
            var isNew = _assumed.Remove(pod.Uid) || _snapshot.Pod(pod.Uid) is null;
            _snapshot.AddPod(pod);
            return isNew;
        }
    }

    /// <summary>A pod that left its node (deleted, or finished); true when it was counted.</summary>
    public bool Remove(string uid)
    {
        lock (_lock)
        {
            _assumed.Remove(uid);
            return _snapshot.RemovePod(uid) is not null;
        }
    }
}
