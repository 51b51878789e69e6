using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins.NodeResources;

/// <summary>
/// NodeResourcesFit. Filter: the node has room for one more pod and for the pod's requests (CPU,
/// memory, ephemeral storage, extended and hugepages resources) beside those of its pods, bound
/// and assumed; every missing resource is a reason (<c>Insufficient cpu</c>, <c>Too many pods</c>).
/// Score: by <see cref="ScoringStrategy"/>, over CPU and memory with weight 1 each, counting 100m
/// and 200Mi for containers that request nothing.
/// </summary>
public sealed class FitPlugin(ScoringStrategy strategy) : IFilterPlugin, IScorePlugin
{
    public const string ReasonTooManyPods = "Too many pods";

    private static readonly Status TooManyPods = Status.Unschedulable(ReasonTooManyPods);

    public string Name => "NodeResourcesFit";

    public PreFilterResult PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) => PreFilterResult.Success;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var request = pod.Requests;
        var room = node.Room;
        if (request.Scalars is null && room.Fits(request))
        {
            return Status.Success;
        }
        var tooManyPods = room.Pods < 1;
        if (request.IsZero)
        {
            return tooManyPods ? TooManyPods : Status.Success;
        }
        var allocatable = node.Allocatable;
        var requested = node.Requested;
        var reasons = new List<string>(4);
        if (tooManyPods)
        {
            reasons.Add(ReasonTooManyPods);
        }
        if (allocatable.MilliCpu < request.MilliCpu + requested.MilliCpu)
        {
            reasons.Add("Insufficient cpu");
        }
        if (allocatable.Memory < request.Memory + requested.Memory)
        {
            reasons.Add("Insufficient memory");
        }
        if (allocatable.EphemeralStorage < request.EphemeralStorage + requested.EphemeralStorage)
        {
            reasons.Add("Insufficient ephemeral-storage");
        }
        foreach (var (name, quantity) in request.Scalars ?? [])
        {
            if (allocatable.Scalar(name) < quantity + requested.Scalar(name))
            {
                reasons.Add($"Insufficient {name}");
            }
        }
        return reasons.Count == 0 ? Status.Success : Status.Unschedulable([.. reasons]);
    }

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, ClusterSnapshot snapshot) => Status.Success;

    public long Score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot)
    {
        var cpu = (Requested: node.NonZeroMilliCpu + pod.NonZeroMilliCpu, Allocatable: node.AllocatableCpuAndMemory.MilliCpu);
        var memory = (Requested: node.NonZeroMemory + pod.NonZeroMemory, Allocatable: node.AllocatableCpuAndMemory.Memory);
        long sum = 0;
        long weights = 0;
        foreach (var (requested, allocatable) in (ReadOnlySpan<(long, long)>)[cpu, memory])
        {
            if (allocatable == 0)
            {
                continue;
            }
            sum += strategy == ScoringStrategy.MostAllocated ? MostRequested(requested, allocatable) : LeastRequested(requested, allocatable);
            weights++;
        }
        return weights == 0 ? 0 : sum / weights;
    }

    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores)
    {
    }

    private static long LeastRequested(long requested, long capacity) =>
        requested > capacity ? 0 : (capacity - requested) * IScorePlugin.MaxNodeScore / capacity;

    private static long MostRequested(long requested, long capacity) =>
        Math.Min(requested, capacity) * IScorePlugin.MaxNodeScore / capacity;
}
