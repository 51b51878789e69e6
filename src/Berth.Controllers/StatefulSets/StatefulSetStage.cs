namespace Berth.Controllers.StatefulSets;

/// <summary>
/// One stage of a StatefulSet sync: its actions run one at a time in order (OrderedReady) or in
/// slow-start batches (Parallel); when <paramref name="StopAfter"/> is set the sync ends after it.
/// </summary>
public sealed record StatefulSetStage(string Name, IReadOnlyList<StatefulPodAction> Actions, bool OneAtATime, bool StopAfter);
