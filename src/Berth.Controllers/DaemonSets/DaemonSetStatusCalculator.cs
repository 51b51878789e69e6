using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.DaemonSets;

/// <summary>
/// A DaemonSet's status (kube's updateDaemonSetStatus): per node that should run a pod, whether it
/// has one (currentNumberScheduled) and whether the oldest is ready, available and from the current
/// revision; pods on nodes that should not run one are misscheduled.
/// </summary>
public static class DaemonSetStatusCalculator
{
    /// <param name="observed">Whether this sync acted on the current spec (its expectations were met): only then is observedGeneration advanced.</param>
    public static V1DaemonSetStatus Calculate(V1DaemonSet ds, string hash, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods,
        int collisionCount, bool observed, DateTime now)
    {
        var byNode = DaemonSetPlanner.ByNode(pods);
        int desired = 0, scheduled = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
        foreach (var node in nodes)
        {
            var nodePods = byNode.GetValueOrDefault(node.Metadata.Name) ?? [];
            if (!NodeFit.Of(ds, node).ShouldRun)
            {
                misscheduled += nodePods.Count > 0 ? 1 : 0;
                continue;
            }
            desired++;
            if (nodePods.Count == 0)
            {
                continue;
            }
            scheduled++;
            var pod = DaemonSetPlanner.Oldest(nodePods)[0];
            if (PodConditions.IsReady(pod))
            {
                ready++;
                available += PodConditions.IsAvailable(pod, ds.Spec.MinReadySeconds ?? 0, now) ? 1 : 0;
            }
            updated += DaemonPods.IsUpdated(pod, hash) ? 1 : 0;
        }
        return new V1DaemonSetStatus
        {
            ObservedGeneration = observed ? ds.Metadata.Generation : ds.Status?.ObservedGeneration,
            DesiredNumberScheduled = desired,
            CurrentNumberScheduled = scheduled,
            NumberMisscheduled = misscheduled,
            NumberReady = ready,
            NumberAvailable = available,
            NumberUnavailable = desired - available,
            UpdatedNumberScheduled = updated,
            CollisionCount = collisionCount == 0 ? ds.Status?.CollisionCount : collisionCount,
            Conditions = ds.Status?.Conditions,
        };
    }

    /// <summary>Whether the status differs from the one stored (and so must be written).</summary>
    public static bool Differs(V1DaemonSetStatus? stored, V1DaemonSetStatus status) =>
        stored is null
        || (stored.ObservedGeneration ?? 0) != (status.ObservedGeneration ?? 0)
        || stored.DesiredNumberScheduled != status.DesiredNumberScheduled
        || stored.CurrentNumberScheduled != status.CurrentNumberScheduled
        || stored.NumberMisscheduled != status.NumberMisscheduled
        || stored.NumberReady != status.NumberReady
        || (stored.NumberAvailable ?? 0) != (status.NumberAvailable ?? 0)
        || (stored.NumberUnavailable ?? 0) != (status.NumberUnavailable ?? 0)
        || (stored.UpdatedNumberScheduled ?? 0) != (status.UpdatedNumberScheduled ?? 0)
        || (stored.CollisionCount ?? 0) != (status.CollisionCount ?? 0);
}
