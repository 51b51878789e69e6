using k8s.Models;

namespace Berth.Controllers.Jobs;

/// <summary>What one sync of a Job knows and decides (kube's syncJobCtx); <see cref="Job"/> is a private copy.</summary>
internal sealed class JobSync
{
    public required string Key { get; init; }

    public required V1Job Job { get; set; }

    public required DateTime Now { get; init; }

    /// <summary>Every pod the Job owns, finished ones too.</summary>
    public required IReadOnlyList<V1Pod> Pods { get; init; }

    public required List<V1Pod> Active { get; init; }

    public required HashSet<string> UncountedSucceeded { get; init; }

    public required HashSet<string> UncountedFailed { get; init; }

    /// <summary>Pods whose finalizer removal the cache has not shown yet: counted already.</summary>
    public required IReadOnlySet<string> ExpectedRemovals { get; init; }

    public int Ready { get; set; }

    public int Terminating { get; set; }

    public int Succeeded { get; set; }

    public int Failed { get; set; }

    public IndexIntervals PreviousSucceededIndexes { get; set; } = IndexIntervals.Empty;

    public IndexIntervals SucceededIndexes { get; set; } = IndexIntervals.Empty;

    /// <summary>With backoffLimitPerIndex: the indexes that failed for good, else null.</summary>
    public IndexIntervals? FailedIndexes { get; set; }

    /// <summary>With backoffLimitPerIndex: each index's last failed pod, kept until its replacement exists.</summary>
    public Dictionary<int, V1Pod> AwaitingReplacement { get; set; } = [];

    /// <summary>The condition the Job is finishing with (interim or final), once decided.</summary>
    public V1JobCondition? Finishing { get; set; }

    public FailureBackoff NewBackoff { get; set; } = FailureBackoff.None;

    public int Completions => Job.Spec.Completions ?? 0;

    /// <summary>
    /// Pods with a finalizer that are not counted yet (kube's getValidPodsWithFilter): Indexed Jobs
    /// only count pods with a valid index.
    /// </summary>
    public IEnumerable<V1Pod> Uncounted(HashSet<string> alreadyUncounted, Func<V1Pod, bool> filter) =>
        Pods.Where(p => TrackingFinalizer.Has(p) && !alreadyUncounted.Contains(p.Metadata.Uid) && !ExpectedRemovals.Contains(p.Metadata.Uid)
            && (!JobRules.IsIndexed(Job) || CompletionIndex.Valid(p, Completions) is not null)
            && filter(p));
}
