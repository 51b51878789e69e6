namespace Berth.Scheduler.Queue;

/// <summary>
/// Which plugins' rejections a cluster event can undo (their EventsToRegister): an unschedulable
/// pod is retried on an event only when a plugin that turned it down cares about that event; a pod
/// turned down by no plugin (no nodes at all) is retried on any event.
/// </summary>
internal static class EventInterest
{
    private static readonly Dictionary<ClusterEvent, HashSet<string>> Plugins = new()
    {
        [ClusterEvent.NodeAdd] = ["NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit", "VolumeBinding", "PodTopologySpread", "InterPodAffinity"],
        [ClusterEvent.NodeUpdate] = ["NodeUnschedulable", "TaintToleration", "NodeAffinity", "NodeResourcesFit", "VolumeBinding", "PodTopologySpread", "InterPodAffinity"],
        [ClusterEvent.NodeDelete] = ["PodTopologySpread"],
        [ClusterEvent.AssignedPodAdd] = ["InterPodAffinity", "PodTopologySpread"],
        [ClusterEvent.AssignedPodUpdate] = ["InterPodAffinity", "PodTopologySpread", "NodeResourcesFit"],
        [ClusterEvent.AssignedPodDelete] = ["NodePorts", "NodeResourcesFit", "InterPodAffinity", "PodTopologySpread", "VolumeBinding"],
        [ClusterEvent.VolumeChange] = ["VolumeBinding"],
        [ClusterEvent.NamespaceUpdate] = ["InterPodAffinity"],
    };

    public static bool MayHelp(ClusterEvent change, IReadOnlySet<string> rejectedBy) =>
        rejectedBy.Count == 0 || Plugins[change].Overlaps(rejectedBy);
}
