using Berth.Controllers.Machinery;
using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.DaemonSets;

/// <summary>
/// The pure part of kube 1.32's DaemonSet sync. <see cref="Manage"/> (manage and
/// podsShouldBeOnNode): a pod on each node that should run one and has none; failed and succeeded
/// pods deleted; duplicates deleted, oldest kept (with surge: the oldest new pod replaces the
/// oldest old one once available); pods on nodes that should not keep them deleted.
/// <see cref="RollingUpdate"/>, when Manage had nothing to do: without maxSurge, old pods deleted
/// while fewer than maxUnavailable nodes are unavailable (an unavailable old pod always); with
/// maxSurge, new pods created beside old ones on up to maxSurge nodes and the old pod deleted once
/// the new one is available. Nodes are taken in name order.
/// </summary>
public static class DaemonSetPlanner
{
    public static DaemonSetPlan Manage(V1DaemonSet ds, string hash, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods, DateTime now)
    {
        var byNode = ByNode(pods);
        var creates = new List<string>();
        var deletes = new List<V1Pod>();
        var failed = new List<V1Pod>();
        foreach (var node in nodes.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal))
        {
            var fit = NodeFit.Of(ds, node);
            var daemonPods = byNode.GetValueOrDefault(node.Metadata.Name) ?? [];
            if (fit.ShouldRun && daemonPods.Count == 0)
            {
                creates.Add(node.Metadata.Name);
            }
            else if (fit.ShouldRun)
            {
                var running = new List<V1Pod>();
                foreach (var pod in daemonPods.Where(p => p.Metadata.DeletionTimestamp is null))
                {
                    (pod.Status?.Phase switch { "Failed" => failed, "Succeeded" => deletes, _ => running }).Add(pod);
                }
                deletes.AddRange(Duplicates(ds, hash, running, now));
            }
            else if (!fit.ShouldContinueRunning)
            {
                deletes.AddRange(daemonPods.Where(p => p.Metadata.DeletionTimestamp is null));
            }
        }
        // Unbound pods for nodes that are gone (kube's getUnscheduledPodsWithoutNode).
        var names = nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        deletes.AddRange(pods.Where(p => string.IsNullOrEmpty(p.Spec?.NodeName) && p.Metadata.DeletionTimestamp is null
            && !names.Contains(DaemonPods.TargetNode(p) ?? "")));
        return new DaemonSetPlan(creates, deletes, failed);
    }

    public static DaemonSetPlan RollingUpdate(V1DaemonSet ds, string hash, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods, DateTime now)
    {
        var byNode = ByNode(pods);
        var desired = 0;
        foreach (var node in nodes.Where(n => NodeFit.Of(ds, n).ShouldRun))
        {
            desired++;
            byNode.TryAdd(node.Metadata.Name, []);
        }
        var (maxSurge, maxUnavailable) = Limits(ds, desired);
        var minReadySeconds = ds.Spec.MinReadySeconds ?? 0;
        bool Available(V1Pod pod) => PodConditions.IsAvailable(pod, minReadySeconds, now);
        var ordered = byNode.Where(e => e.Key.Length > 0).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();

        var unavailable = 0;
        if (maxSurge == 0)
        {
            var replaceNow = new List<V1Pod>();
            var candidates = new List<V1Pod>();
            foreach (var (_, nodePods) in ordered)
            {
                if (!UpdatedAndOld(nodePods, hash, out var updated, out var old) || (updated is null) == (old is null))
                {
                    // Several pods, none, or both an old and a new one: Manage settles it; counted unavailable meanwhile.
                    unavailable++;
                }
                else if (updated is not null)
                {
                    unavailable += Available(updated) ? 0 : 1;
                }
                else if (!Available(old!))
                {
                    replaceNow.Add(old!);
                }
                else if (unavailable < maxUnavailable)
                {
                    candidates.Add(old!);
                }
            }
            var budget = Math.Clamp(maxUnavailable - unavailable, 0, candidates.Count);
            return new DaemonSetPlan([], [.. replaceNow, .. candidates.Take(budget)], []);
        }

        var surged = 0;
        var surgeNow = new List<string>();
        var surgeCandidates = new List<string>();
        var deletes = new List<V1Pod>();
        foreach (var (node, nodePods) in ordered)
        {
            if (!UpdatedAndOld(nodePods, hash, out var updated, out var old))
            {
                unavailable++;
            }
            else if (old is null)
            {
                // Nothing to replace: Manage creates the node's pod if it has none.
            }
            else if (updated is null)
            {
                if (!Available(old))
                {
                    surgeNow.Add(node);
                }
                else if (surged < maxSurge)
                {
                    surgeCandidates.Add(node);
                }
            }
            else if (!Available(updated))
            {
                surged++;
            }
            else
            {
                deletes.Add(old);
            }
        }
        var room = Math.Clamp(maxSurge - surged, 0, surgeCandidates.Count);
        return new DaemonSetPlan([.. surgeNow, .. surgeCandidates.Take(room)], deletes, []);
    }

    /// <summary>maxSurge and maxUnavailable of <paramref name="desired"/> nodes, percentages rounded up; both 0 means maxUnavailable 1 (kube's updatedDesiredNodeCounts).</summary>
    public static (int MaxSurge, int MaxUnavailable) Limits(V1DaemonSet ds, int desired)
    {
        var rolling = ds.Spec.UpdateStrategy?.RollingUpdate;
        var surge = IsRollingUpdate(ds) ? IntOrPercent.Scaled(rolling?.MaxSurge, desired, roundUp: true) : 0;
        var unavailable = IsRollingUpdate(ds) ? IntOrPercent.Scaled(rolling?.MaxUnavailable ?? "1", desired, roundUp: true) : 0;
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    public static bool IsRollingUpdate(V1DaemonSet ds) => ds.Spec.UpdateStrategy?.Type is null or "RollingUpdate";

    /// <summary>Whether maxSurge lets a new pod run beside an old one (kube's AllowsSurge).</summary>
    public static bool AllowsSurge(V1DaemonSet ds) => Limits(ds, 1).MaxSurge != 0;

    /// <summary>The pods of each node they are for; unbound pods without a target under "".</summary>
    public static Dictionary<string, List<V1Pod>> ByNode(IEnumerable<V1Pod> pods)
    {
        var byNode = new Dictionary<string, List<V1Pod>>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var node = DaemonPods.TargetNode(pod) ?? "";
            if (!byNode.TryGetValue(node, out var list))
            {
                byNode[node] = list = [];
            }
            list.Add(pod);
        }
        return byNode;
    }

    /// <summary>Oldest first, bound pods before unbound ones, then by name (kube's podByCreationTimestampAndPhase).</summary>
    public static List<V1Pod> Oldest(IEnumerable<V1Pod> pods) => [.. pods
        .OrderBy(p => string.IsNullOrEmpty(p.Spec?.NodeName))
        .ThenBy(p => p.Metadata.CreationTimestamp ?? DateTime.MaxValue)
        .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)];

    /// <summary>Of the running pods on a node, the ones to delete: all but the oldest; with surge, all but the oldest new and oldest old, and that old one once the new is available.</summary>
    private static IEnumerable<V1Pod> Duplicates(V1DaemonSet ds, string hash, List<V1Pod> running, DateTime now)
    {
        if (running.Count <= 1)
        {
            return [];
        }
        var oldest = Oldest(running);
        if (!AllowsSurge(ds))
        {
            return oldest.Skip(1);
        }
        V1Pod? oldestNew = null, oldestOld = null;
        var deletes = new List<V1Pod>();
        foreach (var pod in oldest)
        {
            var updated = DaemonPods.IsUpdated(pod, hash);
            if (updated && oldestNew is null)
            {
                oldestNew = pod;
            }
            else if (!updated && oldestOld is null)
            {
                oldestOld = pod;
            }
            else
            {
                deletes.Add(pod);
            }
        }
        if (oldestNew is not null && oldestOld is not null && PodConditions.IsAvailable(oldestNew, ds.Spec.MinReadySeconds ?? 0, now))
        {
            deletes.Add(oldestOld);
        }
        return deletes;
    }

    /// <summary>A node's live new and old pod (kube's findUpdatedPodsOnNode); false when it has two of either.</summary>
    private static bool UpdatedAndOld(List<V1Pod> pods, string hash, out V1Pod? updated, out V1Pod? old)
    {
        updated = null;
        old = null;
        foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is null))
        {
            if (DaemonPods.IsUpdated(pod, hash))
            {
                if (updated is not null)
                {
                    return false;
                }
                updated = pod;
            }
            else
            {
                if (old is not null)
                {
                    return false;
                }
                old = pod;
            }
        }
        return true;
    }
}
