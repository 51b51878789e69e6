using Berth.Client.Scheduling;
using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// PodTopologySpread's PreFilter data: for each DoNotSchedule constraint, the matching pods per
/// topology domain of the nodes it includes, and the domains with the fewest.
/// </summary>
internal sealed class SpreadFilterState(PodInfo pod, List<SpreadConstraint> constraints, RequiredNodeAffinity affinity) : ICycleData
{
    public List<SpreadConstraint> Constraints => constraints;

    public Dictionary<string, int>[] Counts { get; private init; } = [.. constraints.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal))];

    public CriticalPaths[] Paths { get; private init; } = [.. constraints.Select(_ => new CriticalPaths())];

    /// <summary>The global minimum of constraint <paramref name="i"/>: 0 while fewer than minDomains domains exist.</summary>
    public int MinCount(int i) => Counts[i].Count < constraints[i].MinDomains ? 0 : Paths[i].MinCount;

    /// <summary>Accounts for a pod added (+1) to or removed (-1) from a node.</summary>
    public void Update(PodInfo other, NodeInfo node, int delta)
    {
        if (other.Namespace != pod.Namespace || !SpreadConstraint.AllKeysOn(node, constraints))
        {
            return;
        }
        for (var i = 0; i < constraints.Count; i++)
        {
            var constraint = constraints[i];
            if (!constraint.Selector.Matches(other.Labels) || !constraint.Includes(pod, node, affinity))
            {
                continue;
            }
            var domain = node.Labels[constraint.TopologyKey];
            var count = Counts[i].GetValueOrDefault(domain) + delta;
            Counts[i][domain] = count;
            Paths[i].Update(domain, count);
        }
    }

    public ICycleData Copy() => new SpreadFilterState(pod, constraints, affinity)
    {
        Counts = [.. Counts.Select(c => new Dictionary<string, int>(c, StringComparer.Ordinal))],
        Paths = [.. Paths.Select(p => p.Clone())],
    };
}
