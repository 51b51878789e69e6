namespace Berth.Scheduler.Framework;

/// <summary>A plugin's <see cref="IFilterPlugin.Filter"/>, bound to it once.</summary>
public delegate Status FilterCall(CycleState state, PodInfo pod, NodeInfo node);

/// <summary>A plugin's <see cref="IScorePlugin.Score"/>, bound to it once (called per feasible node, as a filter is).</summary>
public delegate long ScoreCall(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot);

/// <summary>
/// A filter that filters this cycle, called through its bound delegate: one indirect call per node, where one
/// interface call site shared by every plugin type has Native AOT look the target up by type on each call.
/// </summary>
public readonly record struct ActiveFilter(IFilterPlugin Plugin, FilterCall Filter);
