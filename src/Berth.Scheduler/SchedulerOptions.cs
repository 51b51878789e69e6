namespace Berth.Scheduler;

/// <summary>The scheduler's configuration (the parts of KubeSchedulerConfiguration Berth honours), with kube 1.32's defaults.</summary>
public sealed record SchedulerOptions
{
    /// <summary>Pods whose spec.schedulerName is this are ours; others are left alone.</summary>
    public string SchedulerName { get; init; } = "default-scheduler";

    /// <summary>NodeResourcesFit's scoring: LeastAllocated spreads, MostAllocated bin-packs.</summary>
    public ScoringStrategy ScoringStrategy { get; init; } = ScoringStrategy.LeastAllocated;

    /// <summary>
    /// The share of nodes to find feasible before scoring stops looking (percentageOfNodesToScore);
    /// 0 is kube's adaptive default (50% less 1% per 125 nodes, at least 5%, at least 100 nodes).
    /// </summary>
    public int PercentageOfNodesToScore { get; init; }

    /// <summary>Back-off of a pod that did not fit: doubles from this after each attempt (podInitialBackoffSeconds).</summary>
    public TimeSpan PodInitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off (podMaxBackoffSeconds).</summary>
    public TimeSpan PodMaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An unschedulable pod is retried after this long even if no cluster change suggests it.</summary>
    public TimeSpan PodMaxInUnschedulablePodsDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Bindings in flight at once (kube binds each pod in its own goroutine).</summary>
    public int MaxConcurrentBindings { get; init; } = 64;
}
