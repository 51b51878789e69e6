using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Selectors;
using Berth.Controllers.Pods;
using k8s;
using k8s.Models;

namespace Berth.Controllers.Machinery;

/// <summary>
/// Routes pod changes to the workload that controls them (kube's addPod/updatePod/deletePod of the
/// DaemonSet and StatefulSet controllers): a pod with a controller reference wakes its owner (the
/// old one too when the reference changed); an orphan wakes every owner whose selector matches it,
/// so one can adopt it; a pod turning ready wakes its owner again after minReadySeconds. A pod
/// marked for deletion counts as deleted. <see cref="Created"/> and <see cref="Deleted"/> let a
/// controller observe its expectations.
/// </summary>
public sealed class OwnedPodEvents<TOwner>(
    string kind, ObjectCache<TOwner> owners, Func<TOwner, LabelSelector> selectorOf, Func<TOwner, int> minReadySeconds, WorkQueue<string> queue)
    : IInformerHandler<V1Pod>
    where TOwner : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Called with the owner's key when one of its pods appears.</summary>
    public Action<string>? Created { get; init; }

    /// <summary>Called with the owner's key and the pod when one of its pods goes (or starts terminating).</summary>
    public Action<string, V1Pod>? Deleted { get; init; }

    public void OnAdd(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            OnDelete(pod);
            return;
        }
        if (ControllerRefs.Of(pod.Metadata) is not null)
        {
            if (Owner(pod) is { } owner)
            {
                var key = ObjectKey.Of(owner);
                Created?.Invoke(key);
                queue.Add(key);
            }
            return;
        }
        EnqueueMatching(pod);
    }

    public void OnUpdate(V1Pod old, V1Pod current)
    {
        if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
        {
            return;
        }
        if (current.Metadata.DeletionTimestamp is not null)
        {
            OnDelete(current);
            return;
        }
        var oldRef = ControllerRefs.Of(old.Metadata);
        var currentRef = ControllerRefs.Of(current.Metadata);
        var refChanged = oldRef?.Uid != currentRef?.Uid;
        if (refChanged && Owner(old) is { } previous)
        {
            queue.Add(ObjectKey.Of(previous));
        }
        if (currentRef is not null)
        {
            if (Owner(current) is { } owner)
            {
                queue.Add(ObjectKey.Of(owner));
                if (minReadySeconds(owner) is > 0 and var seconds && !PodConditions.IsReady(old) && PodConditions.IsReady(current))
                {
                    // A second more, so the pod is available when the owner looks again.
                    queue.AddAfter(ObjectKey.Of(owner), TimeSpan.FromSeconds(seconds + 1));
                }
            }
            return;
        }
        if (refChanged || !SameLabels(old, current))
        {
            EnqueueMatching(current);
        }
    }

    public void OnDelete(V1Pod pod)
    {
        if (Owner(pod) is { } owner)
        {
            var key = ObjectKey.Of(owner);
            Deleted?.Invoke(key, pod);
            queue.Add(key);
        }
    }

    /// <summary>The pod's controller, if it is an owner of this kind the cache knows by uid.</summary>
    private TOwner? Owner(V1Pod pod) =>
        ControllerRefs.Of(pod.Metadata) is { } reference && reference.Kind == kind
        && owners.Get(pod.Metadata.NamespaceProperty, reference.Name) is { } owner && owner.Metadata.Uid == reference.Uid
            ? owner
            : null;

    private void EnqueueMatching(V1Pod orphan)
    {
        foreach (var owner in owners.InNamespace(orphan.Metadata.NamespaceProperty))
        {
            if (selectorOf(owner).Matches(orphan.Metadata.Labels))
            {
                queue.Add(ObjectKey.Of(owner));
            }
        }
    }

    private static bool SameLabels(V1Pod a, V1Pod b) => LabelSets.Equal(a.Metadata.Labels, b.Metadata.Labels);
}
