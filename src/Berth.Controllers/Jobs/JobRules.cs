using k8s.Models;

namespace Berth.Controllers.Jobs;

/// <summary>The small decisions of kube's job-controller, as pure functions of a Job and its pods.</summary>
public static class JobRules
{
    public static bool IsIndexed(V1Job job) => job.Spec.CompletionMode == "Indexed";

    public static bool IsSuspended(V1Job job) => job.Spec.Suspend == true;

    /// <summary>
    /// Replacement pods wait until the old ones have fully terminated: podReplacementPolicy Failed,
    /// which a podFailurePolicy implies.
    /// </summary>
    public static bool OnlyReplaceFailedPods(V1Job job) => job.Spec.PodReplacementPolicy == "Failed" || job.Spec.PodFailurePolicy is not null;

    /// <summary>Failed, or (unless only failed pods are replaced) being deleted before it succeeded.</summary>
    public static bool IsPodFailed(V1Pod pod, V1Job job)
    {
        if (pod.Status?.Phase == "Failed")
        {
            return true;
        }
        if (OnlyReplaceFailedPods(job))
        {
            return false;
        }
        return pod.Metadata.DeletionTimestamp is not null && pod.Status?.Phase != "Succeeded";
    }

    /// <summary>Being deleted and not yet finished.</summary>
    public static bool IsTerminating(V1Pod pod) => pod.Metadata.DeletionTimestamp is not null && pod.Status?.Phase is not ("Succeeded" or "Failed");

    /// <summary>
    /// restartPolicy OnFailure keeps failing containers in their pod: the Job fails once the
    /// restarts of its running and pending pods reach backoffLimit (any restart when it is 0).
    /// </summary>
    public static bool PastBackoffLimitOnFailure(V1Job job, IEnumerable<V1Pod> pods)
    {
        if (job.Spec.Template.Spec.RestartPolicy != "OnFailure")
        {
            return false;
        }
        var restarts = pods.Where(p => p.Status?.Phase is "Running" or "Pending")
            .Sum(p => (p.Status.InitContainerStatuses ?? []).Concat(p.Status.ContainerStatuses ?? []).Sum(s => s.RestartCount));
        var limit = job.Spec.BackoffLimit ?? 6;
        return limit == 0 ? restarts > 0 : restarts >= limit;
    }

    /// <summary>Active longer than activeDeadlineSeconds since startTime (never while suspended).</summary>
    public static bool PastActiveDeadline(V1Job job, DateTime now) =>
        RemainingActiveTime(job, now) is { } rest && rest <= TimeSpan.Zero;

    /// <summary>The time left before activeDeadlineSeconds, or null when no deadline runs.</summary>
    public static TimeSpan? RemainingActiveTime(V1Job job, DateTime now) =>
        job.Spec.ActiveDeadlineSeconds is { } seconds && job.Status?.StartTime is { } start && !IsSuspended(job)
            ? TimeSpan.FromSeconds(seconds) - (now - start)
            : null;

    /// <summary>
    /// How many pods should run: with completions, at most the completions still missing and at most
    /// parallelism; without, parallelism until the first success, after which nothing new starts.
    /// </summary>
    public static int WantActive(V1Job job, int active, int succeeded)
    {
        var parallelism = job.Spec.Parallelism ?? 1;
        if (job.Spec.Completions is not { } completions)
        {
            return succeeded > 0 ? active : parallelism;
        }
        return Math.Clamp(completions - succeeded, 0, parallelism);
    }

    /// <summary>Complete: all completions succeeded (or, without completions, one did) and nothing runs any more.</summary>
    public static bool IsComplete(V1Job job, int succeeded, int active) =>
        active == 0 && (job.Spec.Completions is { } completions ? succeeded >= completions : succeeded > 0);
}
