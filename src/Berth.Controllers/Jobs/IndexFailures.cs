using System.Globalization;
using k8s.Models;

namespace Berth.Controllers.Jobs;

/// <summary>
/// spec.backoffLimitPerIndex of an Indexed Job (kube's per-index back-off): each index counts its
/// own failures in the <c>batch.kubernetes.io/job-index-failure-count</c> annotation its
/// replacement pod carries; an index whose count reaches the limit (or whose pod matched a
/// FailIndex rule) fails without failing the others. The last failed pod of an index keeps its
/// finalizer until its replacement exists, so the count passes on.
/// </summary>
public static class IndexFailures
{
    public const string FailureCountAnnotation = "batch.kubernetes.io/job-index-failure-count";
    public const string IgnoredFailureCountAnnotation = "batch.kubernetes.io/job-index-ignored-failure-count";

    public static bool HasLimitPerIndex(V1Job job) => job.Spec.BackoffLimitPerIndex is not null && JobRules.IsIndexed(job);

    public static int FailureCount(V1Pod pod) => Count(pod, FailureCountAnnotation);

    /// <summary>All failures of the index before this pod, ignored ones included.</summary>
    public static int AbsoluteFailureCount(V1Pod pod) => Count(pod, FailureCountAnnotation) + Count(pod, IgnoredFailureCountAnnotation);

    /// <summary>The pod failed for good for its index: a FailIndex rule, or a counted failure at the limit.</summary>
    public static bool IsIndexFailed(V1Job job, V1Pod pod)
    {
        if (!JobRules.IsPodFailed(pod, job))
        {
            return false;
        }
        var match = PodFailurePolicies.Match(job.Spec.PodFailurePolicy, pod);
        if (match.Action == PodFailurePolicyMatch.FailIndex)
        {
            return true;
        }
        return match.CountsAsFailure && FailureCount(pod) >= job.Spec.BackoffLimitPerIndex;
    }

    /// <summary>status.failedIndexes and the indexes failed since (pods not counted yet).</summary>
    public static IndexIntervals Failed(V1Job job, IEnumerable<V1Pod> pods)
    {
        var completions = job.Spec.Completions ?? 0;
        var previous = IndexIntervals.Parse(job.Status?.FailedIndexes, completions);
        return previous.With(pods.Where(p => TrackingFinalizer.Has(p) && IsIndexFailed(job, p))
            .Select(p => CompletionIndex.Valid(p, completions)).OfType<int>());
    }

    /// <summary>
    /// For each index waiting for a replacement (not succeeded, failed or running), its latest
    /// failed pod: the one with the highest failure count, the latest to finish among equals.
    /// </summary>
    public static Dictionary<int, V1Pod> AwaitingReplacement(V1Job job, IEnumerable<V1Pod> uncountedPods, IndexIntervals succeeded, IndexIntervals failed, IEnumerable<V1Pod> active)
    {
        var completions = job.Spec.Completions ?? 0;
        var activeIndexes = active.Select(p => CompletionIndex.Of(p)).OfType<int>().ToHashSet();
        var result = new Dictionary<int, V1Pod>();
        foreach (var pod in uncountedPods.Where(p => JobRules.IsPodFailed(p, job)))
        {
            if (CompletionIndex.Valid(pod, completions) is not { } index || succeeded.Contains(index) || failed.Contains(index) || activeIndexes.Contains(index))
            {
                continue;
            }
            if (!result.TryGetValue(index, out var latest)
                || (AbsoluteFailureCount(latest) <= AbsoluteFailureCount(pod) && PodFinishTime.Of(pod) >= PodFinishTime.Of(latest)))
            {
                result[index] = pod;
            }
        }
        return result;
    }

    /// <summary>The failure counts a replacement of <paramref name="replaced"/> starts with (zero without one).</summary>
    public static (int Failures, int Ignored) NextCounts(V1Job job, V1Pod? replaced)
    {
        if (replaced is null)
        {
            return (0, 0);
        }
        var (failures, ignored) = (FailureCount(replaced), Count(replaced, IgnoredFailureCountAnnotation));
        return PodFailurePolicies.Match(job.Spec.PodFailurePolicy, replaced).CountsAsFailure ? (failures + 1, ignored) : (failures, ignored + 1);
    }

    /// <summary>How long the index's replacement must wait: the Job back-off by the index's own failures.</summary>
    public static TimeSpan Remaining(V1Pod? lastFailed, DateTime now) =>
        lastFailed is null ? TimeSpan.Zero : new FailureBackoff(AbsoluteFailureCount(lastFailed) + 1, PodFinishTime.Of(lastFailed)).Remaining(now);

    /// <summary>Annotates a replacement pod's template with its index's failure counts.</summary>
    public static void Annotate(V1PodTemplateSpec template, V1Job job, V1Pod? replaced)
    {
        var (failures, ignored) = NextCounts(job, replaced);
        template.Metadata.Annotations ??= new Dictionary<string, string>();
        template.Metadata.Annotations[FailureCountAnnotation] = failures.ToString(CultureInfo.InvariantCulture);
        if (ignored > 0)
        {
            template.Metadata.Annotations[IgnoredFailureCountAnnotation] = ignored.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A non-negative count from an annotation; anything else (absent, corrupt, negative) is 0.</summary>
    private static int Count(V1Pod pod, string annotation) =>
        pod.Metadata.Annotations?.TryGetValue(annotation, out var text) == true
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
}
