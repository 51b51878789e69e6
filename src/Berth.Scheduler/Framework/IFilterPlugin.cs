namespace Berth.Scheduler.Framework;

/// <summary>
/// Decides whether a pod may run on a node. <see cref="PreFilter"/> runs once per cycle and may
/// keep data in the cycle state (or answer Skip: then <see cref="Filter"/> is not called);
/// <see cref="Filter"/> runs per node and must not change anything.
/// </summary>
public interface IFilterPlugin : IPlugin
{
    PreFilterResult PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot);

    Status Filter(CycleState state, PodInfo pod, NodeInfo node);
}
