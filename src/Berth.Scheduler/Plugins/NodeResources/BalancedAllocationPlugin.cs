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
        Span<double> fractions = stackalloc double[2];
        var count = 0;
        var (requested, allocatable) = (node.RequestedCpuAndMemory, node.AllocatableCpuAndMemory);
        Add(ref count, fractions, requested.MilliCpu + pod.Requests.MilliCpu, allocatable.MilliCpu);
        Add(ref count, fractions, requested.Memory + pod.Requests.Memory, allocatable.Memory);
        var deviation = count == 2 ? Math.Abs((fractions[0] - fractions[1]) / 2) : 0;
        return (long)((1 - deviation) * IScorePlugin.MaxNodeScore);
    }

    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores)
    {
    }

    private static void Add(ref int count, Span<double> fractions, long requested, long allocatable)
    {
        if (allocatable != 0)
        {
            fractions[count++] = Math.Min(1, (double)requested / allocatable);
        }
    }
}
