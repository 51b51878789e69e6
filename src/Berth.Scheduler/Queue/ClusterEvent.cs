namespace Berth.Scheduler.Queue;

/// <summary>A change in the cluster that may let a pod that did not fit fit now (kube's framework.ClusterEvent).</summary>
public enum ClusterEvent
{
    NodeAdd,
    NodeUpdate,
    NodeDelete,
    AssignedPodAdd,
    AssignedPodUpdate,
    AssignedPodDelete,
    VolumeChange,
    NamespaceUpdate,
}
