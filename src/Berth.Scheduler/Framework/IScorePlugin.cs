namespace Berth.Scheduler.Framework;

/// <summary>
/// Ranks the nodes that passed the filters. <see cref="PreScore"/> runs once per cycle (Skip: the
/// plugin scores 0 everywhere), <see cref="Score"/> per node, then <see cref="Normalize"/> maps
/// the scores onto 0-100 (<see cref="MaxNodeScore"/>) before they are weighted and summed.
/// </summary>
public interface IScorePlugin : IPlugin
{
    public const long MaxNodeScore = 100;

    Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, ClusterSnapshot snapshot);

    long Score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot);

    void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores);
}
