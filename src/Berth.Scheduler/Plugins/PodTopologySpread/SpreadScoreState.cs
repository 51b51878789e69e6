using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins.PodTopologySpread;

/// <summary>
/// PodTopologySpread's PreScore data: the ScheduleAnyway constraints, the nodes left out (missing a
/// topology key), matching pods per domain for keys other than the hostname (those are counted on
/// the node itself), and each constraint's weight, log(domains + 2), so that small topologies are
/// not drowned by large ones.
/// </summary>
internal sealed class SpreadScoreState(List<SpreadConstraint> constraints) : ICycleData
{
    public List<SpreadConstraint> Constraints => constraints;

    public HashSet<string> IgnoredNodes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long>[] Counts { get; } = [.. constraints.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal))];

    public double[] Weights { get; } = new double[constraints.Count];

    public ICycleData Copy() => this;
}
