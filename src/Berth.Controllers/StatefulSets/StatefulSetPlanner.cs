using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.StatefulSets;

/// <summary>
/// Decides what one StatefulSet sync does (kube's updateStatefulSet, with maxUnavailable 1 as in
/// 1.32 without the alpha gate), as stages:
/// <list type="number">
/// <item>replicas, lowest ordinal first: finished pods are deleted, missing ones created (from the
/// current revision below the partition, the update revision above), pending ones get their
/// claims, drifted ones repaired. OrderedReady stops at the first pod that is not Running, Ready
/// and available, or that it just created; Parallel does all at once;</item>
/// <item>the claims of pods above the replicas wanted get the owners the retention policy wants;</item>
/// <item>those pods are deleted, highest ordinal first: OrderedReady one at a time, once every
/// other pod is healthy; Parallel all at once;</item>
/// <item>RollingUpdate (not OnDelete): the highest ordinal at or above the partition still on an
/// older revision is deleted, once every higher one is available; its ordinal is then recreated
/// from the update revision by stage 1 of a later sync.</item>
/// </list>
/// </summary>
public static class StatefulSetPlanner
{
    public static StatefulSetPlan Plan(StatefulSetSnapshot snapshot)
    {
        var set = snapshot.Set;
        var valid = snapshot.Pods.Where(p => StatefulPodIdentity.Ordinal(p) >= 0).ToList();
        var status = StatefulSetStatusCalculator.Calculate(set, valid, snapshot.CurrentRevision, snapshot.UpdateRevision, snapshot.CollisionCount, snapshot.Now);
        if (set.Metadata.DeletionTimestamp is not null)
        {
            return new StatefulSetPlan([], status);
        }
        return new StatefulSetPlan(new Sync(snapshot, valid).Stages(), status);
    }

    private sealed class Sync
    {
        private readonly StatefulSetSnapshot _snapshot;
        private readonly V1StatefulSet _set;
        private readonly bool _monotonic;
        private readonly int _minReadySeconds;
        private readonly V1Pod[] _replicas;
        private readonly HashSet<V1Pod> _placeholders = [];
        private readonly List<V1Pod> _condemned;
        private readonly V1Pod? _firstUnavailable;

        public Sync(StatefulSetSnapshot snapshot, List<V1Pod> pods)
        {
            _snapshot = snapshot;
            _set = snapshot.Set;
            _monotonic = _set.Spec.PodManagementPolicy != "Parallel";
            _minReadySeconds = _set.Spec.MinReadySeconds ?? 0;
            var start = StatefulPodIdentity.StartOrdinal(_set);
            var slots = new V1Pod?[Math.Max(0, StatefulPodIdentity.Replicas(_set))];
            _condemned = [];
            foreach (var pod in pods)
            {
                if (StatefulPodIdentity.InRange(_set, pod))
                {
                    slots[StatefulPodIdentity.Ordinal(pod) - start] = pod;
                }
                else
                {
                    _condemned.Add(pod);
                }
            }
            _replicas = new V1Pod[slots.Length];
            for (var i = 0; i < slots.Length; i++)
            {
                if (slots[i] is { } existing)
                {
                    _replicas[i] = existing;
                    continue;
                }
                _replicas[i] = NewVersionedPod(start + i);
                _placeholders.Add(_replicas[i]);
            }
            _condemned.Sort((a, b) => StatefulPodIdentity.Ordinal(b).CompareTo(StatefulPodIdentity.Ordinal(a)));
            _firstUnavailable = _replicas.FirstOrDefault(Unavailable) ?? Enumerable.Reverse(_condemned).FirstOrDefault(Unavailable);
        }

        public List<StatefulSetStage> Stages()
        {
            var stages = new List<StatefulSetStage>();
            foreach (var stage in new[] { ReplicaStage(), RetentionStage(), CondemnedStage(), StrategyStage() })
            {
                if (stage is null)
                {
                    continue;
                }
                stages.Add(stage);
                if (stage.StopAfter)
                {
                    break;
                }
            }
            return stages;
        }

        private StatefulSetStage ReplicaStage()
        {
            var actions = new List<StatefulPodAction>();
            foreach (var replica in _replicas)
            {
                var (action, blocks) = Replica(replica);
                if (action is not null)
                {
                    actions.Add(action);
                }
                if (blocks && _monotonic)
                {
                    return new StatefulSetStage("replicas", actions, _monotonic, StopAfter: true);
                }
            }
            return new StatefulSetStage("replicas", actions, _monotonic, StopAfter: false);
        }

        /// <summary>What a replica needs (kube's processReplica), and whether OrderedReady must wait on it.</summary>
        private (StatefulPodAction? Action, bool Blocks) Replica(V1Pod pod)
        {
            if (pod.Status?.Phase is "Failed" or "Succeeded")
            {
                return (pod.Metadata.DeletionTimestamp is null ? new StatefulPodAction.Delete(pod, DeleteReason.Finished) : null, true);
            }
            if (_placeholders.Contains(pod))
            {
                // A claim still owned by a scaled-away pod of this ordinal must go before the new pod comes.
                if (ClaimsOf(pod).Any(c => c.Claim is { } claim && ClaimRetention.IsStale(claim, _set, pod)))
                {
                    return (null, true);
                }
                return (new StatefulPodAction.Create(pod), true);
            }
            var claimsNeedWork = ClaimsOf(pod).Any(c => c.Claim is null || !ClaimRetention.IsUpToDate(c.Claim, _set, pod));
            StatefulPodAction? repair = pod.Status?.Phase == "Pending" && claimsNeedWork ? new StatefulPodAction.Repair(pod) : null;
            if (_monotonic && (pod.Metadata.DeletionTimestamp is not null || !StatefulSetStatusCalculator.IsRunningAndReady(pod)
                || !PodConditions.IsAvailable(pod, _minReadySeconds, _snapshot.Now)))
            {
                return (repair, true);
            }
            var retentionMatches = ClaimsOf(pod).All(c => c.Claim is null || ClaimRetention.IsUpToDate(c.Claim, _set, pod));
            if (StatefulPodIdentity.IdentityMatches(_set, pod) && StatefulPodIdentity.StorageMatches(_set, pod) && retentionMatches)
            {
                return (repair, false);
            }
            return (new StatefulPodAction.Repair(pod), false);
        }

        private StatefulSetStage? RetentionStage()
        {
            var actions = _condemned
                .Where(pod => ClaimsOf(pod).Any(c => c.Claim is { } claim && !ClaimRetention.IsUpToDate(claim, _set, pod)))
                .Select(pod => (StatefulPodAction)new StatefulPodAction.RetainClaims(pod))
                .ToList();
            return actions.Count == 0 ? null : new StatefulSetStage("claims of condemned pods", actions, _monotonic, StopAfter: false);
        }

        /// <summary>Pods above the replicas wanted (kube's processCondemned), highest ordinal first.</summary>
        private StatefulSetStage? CondemnedStage()
        {
            if (_condemned.Count == 0)
            {
                return null;
            }
            if (!_monotonic)
            {
                var deletes = _condemned.Where(p => p.Metadata.DeletionTimestamp is null)
                    .Select(p => (StatefulPodAction)new StatefulPodAction.Delete(p, DeleteReason.ScaledDown)).ToList();
                return new StatefulSetStage("scale down", deletes, OneAtATime: false, StopAfter: false);
            }
            var highest = _condemned[0];
            var waits = highest.Metadata.DeletionTimestamp is not null
                || (highest != _firstUnavailable && (!StatefulSetStatusCalculator.IsRunningAndReady(highest) || !PodConditions.IsAvailable(highest, _minReadySeconds, _snapshot.Now)));
            return new StatefulSetStage("scale down", waits ? [] : [new StatefulPodAction.Delete(highest, DeleteReason.ScaledDown)], OneAtATime: true, StopAfter: true);
        }

        /// <summary>RollingUpdate replaces the highest outdated pod at or above the partition; OnDelete waits for the user.</summary>
        private StatefulSetStage StrategyStage()
        {
            if (!StatefulSetStatusCalculator.IsRollingUpdate(_set))
            {
                return new StatefulSetStage("update (OnDelete)", [], OneAtATime: true, StopAfter: true);
            }
            var partition = _set.Spec.UpdateStrategy?.RollingUpdate?.Partition ?? 0;
            for (var target = _replicas.Length - 1; target >= partition; target--)
            {
                var pod = _replicas[target];
                if (StatefulPodIdentity.Revision(pod) != _snapshot.UpdateRevision && pod.Metadata.DeletionTimestamp is null)
                {
                    return new StatefulSetStage("rolling update", [new StatefulPodAction.Delete(pod, DeleteReason.Update)], OneAtATime: true, StopAfter: true);
                }
                if (Unavailable(pod))
                {
                    break;
                }
            }
            return new StatefulSetStage("rolling update", [], OneAtATime: true, StopAfter: true);
        }

        /// <summary>
        /// A new pod for an empty ordinal (kube's newVersionedStatefulSetPod): below the partition
        /// (or, without one, below the current replicas) from the current revision, else from the update revision.
        /// </summary>
        private V1Pod NewVersionedPod(int ordinal)
        {
            var start = StatefulPodIdentity.StartOrdinal(_set);
            var rolling = _set.Spec.UpdateStrategy?.RollingUpdate;
            var current = (StatefulSetStatusCalculator.IsRollingUpdate(_set) && rolling is null && ordinal < start + (_set.Status?.CurrentReplicas ?? 0))
                || (rolling is not null && ordinal < start + (rolling.Partition ?? 0));
            return current
                ? StatefulPodIdentity.NewPod(_set, _snapshot.CurrentTemplate, ordinal, _snapshot.CurrentRevision)
                : StatefulPodIdentity.NewPod(_set, _snapshot.UpdateTemplate, ordinal, _snapshot.UpdateRevision);
        }

        private IEnumerable<(string Name, V1PersistentVolumeClaim? Claim)> ClaimsOf(V1Pod pod) =>
            StatefulPodIdentity.Claims(_set, StatefulPodIdentity.Ordinal(pod)).Select(c => (c.Claim.Metadata.Name, _snapshot.Claim(c.Claim.Metadata.Name)));

        private bool Unavailable(V1Pod pod) => StatefulSetStatusCalculator.IsUnavailable(pod, _minReadySeconds, _snapshot.Now);
    }
}
