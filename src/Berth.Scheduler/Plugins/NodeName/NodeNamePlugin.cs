using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins.NodeName;

/// <summary>A pod that names its node (spec.nodeName) fits only that node.</summary>
public sealed class NodeNamePlugin : IFilterPlugin
{
    public const string Reason = "node(s) didn't match the requested node name";

    private static readonly Status OtherNode = Status.Unresolvable(Reason);

    public string Name => "NodeName";

    public PreFilterResult PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) =>
        pod.NodeName is null ? PreFilterResult.Skip : PreFilterResult.Success;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        pod.NodeName is { } wanted && wanted != node.Name ? OtherNode : Status.Success;
}
