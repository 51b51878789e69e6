using Berth.Client.Scheduling;
using Berth.Client.Selectors;
using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// Topology spread constraints as kube's PodTopologySpread plugin evaluates them. Filter
/// (DoNotSchedule): on a node, matching pods in its domain + 1 if the pod matches itself − the
/// global minimum must not exceed maxSkew; a node without the topology key fails unresolvably.
/// Score (ScheduleAnyway, or the system defaults for pods that Services or controllers select):
/// fewer matching pods in the node's domains is better. Only pods in the pod's namespace, and not
/// terminating, are counted, on the nodes the inclusion policies admit.
/// </summary>
public sealed class PodTopologySpreadPlugin : IFilterPlugin, IPodChangeAware, IScorePlugin
{
    public const string ReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
    public const string ReasonNodeLabelNotMatch = "node(s) didn't match pod topology spread constraints (missing required label)";

    private static readonly Status SkewTooLarge = Status.Unschedulable(ReasonConstraintsNotMatch);
    private static readonly Status MissingLabel = Status.Unresolvable(ReasonNodeLabelNotMatch);

    public string Name => "PodTopologySpread";

    public PreFilterResult PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot)
    {
        var constraints = (pod.Pod.Spec?.TopologySpreadConstraints?.Count ?? 0) > 0
            ? SpreadConstraint.Explicit(pod, "DoNotSchedule")
            : SpreadConstraint.Defaults(pod, "DoNotSchedule", snapshot);
        if (constraints.Count == 0)
        {
            return PreFilterResult.Skip;
        }
        var affinity = RequiredNodeAffinity.Of(pod.Pod);
        var filter = new SpreadFilterState(pod, constraints, affinity);
        foreach (var node in snapshot.Nodes)
        {
            if (!SpreadConstraint.AllKeysOn(node, constraints))
            {
                continue;
            }
            for (var i = 0; i < constraints.Count; i++)
            {
                var constraint = constraints[i];
                if (!constraint.Includes(pod, node, affinity))
                {
                    continue;
                }
                var domain = node.Labels[constraint.TopologyKey];
                filter.Counts[i][domain] = filter.Counts[i].GetValueOrDefault(domain) + node.CountMatching(pod.Namespace, constraint.Selector);
            }
        }
        for (var i = 0; i < constraints.Count; i++)
        {
            foreach (var (domain, count) in filter.Counts[i])
            {
                filter.Paths[i].Update(domain, count);
            }
        }
        state.Write(CycleSlots.PodTopologySpreadFilter, filter);
        return PreFilterResult.Success;
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var filter = state.Read<SpreadFilterState>(CycleSlots.PodTopologySpreadFilter)!;
        for (var i = 0; i < filter.Constraints.Count; i++)
        {
            var constraint = filter.Constraints[i];
            if (!node.Labels.TryGetValue(constraint.TopologyKey, out var domain))
            {
                return MissingLabel;
            }
            var self = constraint.Selector.Matches(pod.Labels) ? 1 : 0;
            var skew = filter.Counts[i].GetValueOrDefault(domain) + self - filter.MinCount(i);
            if (skew > constraint.MaxSkew)
            {
                return SkewTooLarge;
            }
        }
        return Status.Success;
    }

    public void AddPod(CycleState state, PodInfo podToSchedule, PodInfo added, NodeInfo node, ClusterSnapshot snapshot) =>
        state.Read<SpreadFilterState>(CycleSlots.PodTopologySpreadFilter)?.Update(added, node, 1);

    public void RemovePod(CycleState state, PodInfo podToSchedule, PodInfo removed, NodeInfo node, ClusterSnapshot snapshot) =>
        state.Read<SpreadFilterState>(CycleSlots.PodTopologySpreadFilter)?.Update(removed, node, -1);

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, ClusterSnapshot snapshot)
    {
        var explicitConstraints = (pod.Pod.Spec?.TopologySpreadConstraints?.Count ?? 0) > 0;
        var constraints = explicitConstraints
            ? SpreadConstraint.Explicit(pod, "ScheduleAnyway")
            : SpreadConstraint.Defaults(pod, "ScheduleAnyway", snapshot);
        if (snapshot.NodeCount == 0 || constraints.Count == 0)
        {
            return Status.Skip;
        }
        // System defaults do not require every key, so nodes without a zone still spread by hostname.
        var requireAllKeys = explicitConstraints;
        var scores = new SpreadScoreState(constraints);
        var domains = new int[constraints.Count];
        foreach (var node in nodes)
        {
            if (requireAllKeys && !SpreadConstraint.AllKeysOn(node, constraints))
            {
                scores.IgnoredNodes.Add(node.Name);
                continue;
            }
            for (var i = 0; i < constraints.Count; i++)
            {
                if (constraints[i].TopologyKey == SpreadConstraint.Hostname)
                {
                    continue;
                }
                var domain = node.Labels.TryGetValue(constraints[i].TopologyKey, out var value) ? value : "";
                if (scores.Counts[i].TryAdd(domain, 0))
                {
                    domains[i]++;
                }
            }
        }
        for (var i = 0; i < constraints.Count; i++)
        {
            var size = constraints[i].TopologyKey == SpreadConstraint.Hostname ? nodes.Count - scores.IgnoredNodes.Count : domains[i];
            scores.Weights[i] = Math.Log(size + 2);
        }
        var affinity = RequiredNodeAffinity.Of(pod.Pod);
        foreach (var node in snapshot.Nodes)
        {
            if (requireAllKeys && !SpreadConstraint.AllKeysOn(node, constraints))
            {
                continue;
            }
            for (var i = 0; i < constraints.Count; i++)
            {
                var constraint = constraints[i];
                if (!constraint.Includes(pod, node, affinity))
                {
                    continue;
                }
                var domain = node.Labels.TryGetValue(constraint.TopologyKey, out var value) ? value : "";
                if (scores.Counts[i].TryGetValue(domain, out var count))
                {
                    scores.Counts[i][domain] = count + node.CountMatching(pod.Namespace, constraint.Selector);
                }
            }
        }
        state.Write(CycleSlots.PodTopologySpreadScore, scores);
        return Status.Success;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot)
    {
        var scores = state.Read<SpreadScoreState>(CycleSlots.PodTopologySpreadScore)!;
        if (scores.IgnoredNodes.Contains(node.Name))
        {
            return 0;
        }
        double score = 0;
        for (var i = 0; i < scores.Constraints.Count; i++)
        {
            var constraint = scores.Constraints[i];
            if (!node.Labels.TryGetValue(constraint.TopologyKey, out var domain))
            {
                continue;
            }
            long count = constraint.TopologyKey == SpreadConstraint.Hostname
                ? node.CountMatching(pod.Namespace, constraint.Selector)
                : scores.Counts[i].GetValueOrDefault(domain);
            score += (count * scores.Weights[i]) + (constraint.MaxSkew - 1);
        }
        return (long)Math.Round(score, MidpointRounding.AwayFromZero);
    }

    /// <summary>Inverts and scales: the node with the fewest matching pods gets 100; left-out nodes 0.</summary>
    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores)
    {
        var spread = state.Read<SpreadScoreState>(CycleSlots.PodTopologySpreadScore);
        if (spread is null)
        {
            return;
        }
        long min = long.MaxValue;
        long max = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (spread.IgnoredNodes.Contains(nodes[i].Name))
            {
                continue;
            }
            min = Math.Min(min, scores[i]);
            max = Math.Max(max, scores[i]);
        }
        for (var i = 0; i < scores.Length; i++)
        {
            if (spread.IgnoredNodes.Contains(nodes[i].Name))
            {
                scores[i] = 0;
            }
            else
            {
                scores[i] = max == 0 ? IScorePlugin.MaxNodeScore : IScorePlugin.MaxNodeScore * (max + min - scores[i]) / max;
            }
        }
    }
}
