namespace Berth.Scheduler;

/// <summary>How NodeResourcesFit scores a node by its free resources (KubeSchedulerConfiguration's scoringStrategy.type).</summary>
public enum ScoringStrategy
{
    /// <summary>Prefer the emptiest nodes: spread (kube's default).</summary>
    LeastAllocated,

    /// <summary>Prefer the fullest nodes that still fit: bin-packing.</summary>
    MostAllocated,
}
