using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins.NodePorts;

/// <summary>A pod's host ports must be free on the node (0.0.0.0 clashes with every address).</summary>
public sealed class NodePortsPlugin : IFilterPlugin
{
    public const string Reason = "node(s) didn't have free ports for the requested pod ports";

    private static readonly Status PortsInUse = Status.Unschedulable(Reason);

    public string Name => "NodePorts";

    public PreFilterResult PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) =>
        pod.HostPorts.Count == 0 ? PreFilterResult.Skip : PreFilterResult.Success;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        foreach (var port in pod.HostPorts)
        {
            if (node.UsedPorts.Conflicts(port))
            {
                return PortsInUse;
            }
        }
        return Status.Success;
    }
}
