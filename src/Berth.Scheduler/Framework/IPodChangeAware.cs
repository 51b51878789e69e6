namespace Berth.Scheduler.Framework;

/// <summary>
/// A filter whose cycle data depends on the pods of the cluster (PreFilterExtensions): preemption
/// and nominated pods ask it to account for a pod added to, or removed from, a node.
/// </summary>
public interface IPodChangeAware
{
    void AddPod(CycleState state, PodInfo podToSchedule, PodInfo added, NodeInfo node, ClusterSnapshot snapshot);

    void RemovePod(CycleState state, PodInfo podToSchedule, PodInfo removed, NodeInfo node, ClusterSnapshot snapshot);
}
