using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Algorithm;

/// <summary>
/// The outcome of one scheduling cycle: the chosen node, or why none fits (<see cref="FitError"/>),
/// or an error; with the cycle's state (for preemption and volume binding) and, when recorded,
/// every scored node.
/// </summary>
public sealed class ScheduleResult
{
    public const string NoNodesAvailable = "no nodes available to schedule pods";

    private ScheduleResult(PodInfo pod, CycleState? state)
    {
        Pod = pod;
        State = state;
    }

    public PodInfo Pod { get; }

    public CycleState? State { get; }

    public string? Node { get; private init; }

    public FitError? FitError { get; private init; }

    /// <summary>A failure that is not the pod's fault (no nodes at all, an internal error).</summary>
    public string? Error { get; private init; }

    /// <summary>True when <see cref="Error"/> is "no nodes available": the pod is unschedulable, not failed.</summary>
    public bool NoNodes { get; private init; }

    public int EvaluatedNodes { get; private init; }

    public int FeasibleNodes { get; private init; }

    public IReadOnlyList<NodeScore> Scores { get; private init; } = [];

    /// <summary>Why the nodes that do not fit were turned down: the fit error's, or when scores are recorded the selected pod's.</summary>
    public Diagnosis? Diagnosis => FitError?.Diagnosis ?? Rejected;

    private Diagnosis? Rejected { get; init; }

    public bool Succeeded => Node is not null;

    public static ScheduleResult Selected(PodInfo pod, CycleState state, string node, int evaluated, int feasible, IReadOnlyList<NodeScore> scores, Diagnosis? rejected = null) =>
        new(pod, state) { Node = node, EvaluatedNodes = evaluated, FeasibleNodes = feasible, Scores = scores, Rejected = rejected };

    public static ScheduleResult Unfit(PodInfo pod, CycleState state, FitError error) => new(pod, state) { FitError = error };

    public static ScheduleResult NoNodesAt(PodInfo pod) => new(pod, null) { Error = NoNodesAvailable, NoNodes = true };

    public static ScheduleResult Failed(PodInfo pod, CycleState? state, string error) => new(pod, state) { Error = error };

    /// <summary>What the pod's PodScheduled condition and FailedScheduling event say.</summary>
    public string Message => FitError?.Message ?? Error ?? "";
}
