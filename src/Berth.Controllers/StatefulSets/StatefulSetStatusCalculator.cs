using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.StatefulSets;

/// <summary>
/// A StatefulSet's status from its pods (kube's computeReplicaStatus, completeRollingUpdate and
/// inconsistentStatus): replicas counts pods the API server has taken (they have a phase);
/// current and updated count live pods by their revision label.
/// </summary>
public static class StatefulSetStatusCalculator
{
    public static V1StatefulSetStatus Calculate(
        V1StatefulSet set, IEnumerable<V1Pod> pods, string currentRevision, string updateRevision, int collisionCount, DateTime now)
    {
        int replicas = 0, ready = 0, available = 0, current = 0, updated = 0;
        var minReadySeconds = set.Spec.MinReadySeconds ?? 0;
        foreach (var pod in pods)
        {
            if (IsCreated(pod))
            {
                replicas++;
            }
            if (IsRunningAndReady(pod))
            {
                ready++;
                if (PodConditions.IsAvailable(pod, minReadySeconds, now))
                {
                    available++;
                }
            }
            if (IsCreated(pod) && pod.Metadata.DeletionTimestamp is null)
            {
                var revision = StatefulPodIdentity.Revision(pod);
                current += revision == currentRevision ? 1 : 0;
                updated += revision == updateRevision ? 1 : 0;
            }
        }
        return new V1StatefulSetStatus
        {
            ObservedGeneration = set.Metadata.Generation,
            Replicas = replicas,
            ReadyReplicas = ready,
            AvailableReplicas = available,
            CurrentReplicas = current,
            UpdatedReplicas = updated,
            CurrentRevision = currentRevision,
            UpdateRevision = updateRevision,
            CollisionCount = collisionCount,
            Conditions = set.Status?.Conditions,
        };
    }

    /// <summary>A rolling update whose every replica is updated and ready is complete: the update revision becomes current.</summary>
    public static void CompleteRollingUpdate(V1StatefulSet set, V1StatefulSetStatus status)
    {
        var replicas = StatefulPodIdentity.Replicas(set);
        if (IsRollingUpdate(set) && status.UpdatedReplicas == replicas && status.ReadyReplicas == replicas && status.Replicas == replicas)
        {
            status.CurrentReplicas = status.UpdatedReplicas;
            status.CurrentRevision = status.UpdateRevision;
        }
    }

    /// <summary>Whether the status differs from the one stored (and so must be written).</summary>
    public static bool Differs(V1StatefulSet set, V1StatefulSetStatus status)
    {
        var stored = set.Status;
        return stored is null
            || (status.ObservedGeneration ?? 0) > (stored.ObservedGeneration ?? 0)
            || status.Replicas != stored.Replicas
            || (status.CurrentReplicas ?? 0) != (stored.CurrentReplicas ?? 0)
            || (status.ReadyReplicas ?? 0) != (stored.ReadyReplicas ?? 0)
            || (status.UpdatedReplicas ?? 0) != (stored.UpdatedReplicas ?? 0)
            || (status.AvailableReplicas ?? 0) != (stored.AvailableReplicas ?? 0)
            || status.CurrentRevision != stored.CurrentRevision
            || status.UpdateRevision != stored.UpdateRevision
            || (status.CollisionCount ?? 0) != (stored.CollisionCount ?? 0);
    }

    public static bool IsRollingUpdate(V1StatefulSet set) => set.Spec.UpdateStrategy?.Type is null or "RollingUpdate";

    /// <summary>The API server has taken the pod (it has a phase).</summary>
    public static bool IsCreated(V1Pod pod) => !string.IsNullOrEmpty(pod.Status?.Phase);

    public static bool IsRunningAndReady(V1Pod pod) => pod.Status?.Phase == "Running" && PodConditions.IsReady(pod);

    /// <summary>Not running, ready and available for minReadySeconds, or terminating (kube's isUnavailable).</summary>
    public static bool IsUnavailable(V1Pod pod, int minReadySeconds, DateTime now) =>
        !IsRunningAndReady(pod) || pod.Metadata.DeletionTimestamp is not null || !PodConditions.IsAvailable(pod, minReadySeconds, now);
}
