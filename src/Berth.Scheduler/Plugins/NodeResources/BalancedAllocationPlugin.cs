using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins.NodeResources;

/// <summary>
/// NodeResourcesBalancedAllocation: prefers nodes whose CPU and memory would be used in equal
/// fractions once the pod runs: 100 × (1 − the standard deviation of the fractions), by actual
/// requests (no defaults for containers without one), each fraction capped at 1.
/// </summary>
public sealed class BalancedAllocationPlugin : IScorePlugin
{
    public string Name => "NodeResourcesBalancedAllocation";

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, ClusterSnapshot snapshot) => Status.Success;

    public long Score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot)
    {
        // Scalars, not a stackalloc'd span: this runs for hundreds of nodes per cycle.
        var (requested, allocatable) = (node.RequestedCpuAndMemory, node.AllocatableCpuAndMemory);
        var deviation = allocatable.MilliCpu != 0 && allocatable.Memory != 0
            ? Math.Abs((Fraction(requested.MilliCpu + pod.Requests.MilliCpu, allocatable.MilliCpu) - Fraction(requested.Memory + pod.Requests.Memory, allocatable.Memory)) / 2)
            : 0;
        return (long)((1 - deviation) * IScorePlugin.MaxNodeScore);
    }

    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores)
    {
    }

    private static double Fraction(long requested, long allocatable) => Math.Min(1, (double)requested / allocatable);
}
