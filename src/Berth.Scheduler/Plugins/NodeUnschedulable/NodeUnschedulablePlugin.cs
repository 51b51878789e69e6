using Berth.Client.Scheduling;
using Berth.Scheduler.Framework;
using k8s.Models;

namespace Berth.Scheduler.Plugins.NodeUnschedulable;

/// <summary>Keeps pods off cordoned nodes (spec.unschedulable) unless they tolerate node.kubernetes.io/unschedulable:NoSchedule.</summary>
public sealed class NodeUnschedulablePlugin : IFilterPlugin
{
    public const string ReasonUnschedulable = "node(s) were unschedulable";

    private static readonly Status Cordoned = Status.Unresolvable(ReasonUnschedulable);
    private static readonly V1Taint UnschedulableTaint = new() { Key = "node.kubernetes.io/unschedulable", Effect = Tolerations.NoSchedule };

    public string Name => "NodeUnschedulable";

    public PreFilterResult PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot) => PreFilterResult.Success;

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        node.Unschedulable && !Tolerations.TolerateTaint(pod.Pod.Spec?.Tolerations, UnschedulableTaint) ? Cordoned : Status.Success;
}
