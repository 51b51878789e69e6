using Berth.Client.Events;
using Berth.Client.Rest;
using k8s.Models;

namespace Berth.Controllers.Jobs;

/// <summary>
/// Counts a Job's finished pods without losing or doubling any (kube's
/// trackJobStatusAndRemoveFinalizers): a finished pod still holding the tracking finalizer is first
/// written to status.uncountedTerminatedPods, then its finalizer is removed, then it moves into
/// succeeded or failed. A crash between the steps repeats the step, never the count. The Job
/// turns Complete or Failed only once nothing is uncounted and no pod is terminating.
/// </summary>
internal sealed class JobStatusTracker(ResourceClient<V1Job, V1JobList> jobs, ResourceClient<V1Pod, V1PodList> pods,
    FinalizerExpectations finalizers, JobBackoffs backoffs, EventRecorder events)
{
    /// <summary>At most this many uids in uncountedTerminatedPods (about 20 KB), so big Jobs do not starve the others.</summary>
    public const int MaxUncounted = 500;

    public async Task TrackAsync(JobSync sync, bool needsFlush, CancellationToken cancellationToken)
    {
        var job = sync.Job;
        var status = job.Status;
        var uncounted = status.UncountedTerminatedPods;
        var indexed = JobRules.IsIndexed(job);
        var ordered = indexed ? sync.Pods.OrderBy(p => CompletionIndex.Of(p) ?? -1).ToList() : sync.Pods;
        var withFinalizer = sync.Pods.Where(p => TrackingFinalizer.Has(p) && !sync.ExpectedRemovals.Contains(p.Metadata.Uid))
            .Select(p => p.Metadata.Uid).ToHashSet(StringComparer.Ordinal);
        needsFlush |= CountUncountedWithoutFinalizer(status, withFinalizer);

        var toRemove = new List<V1Pod>();
        var newSucceededIndexes = new List<int>();
        var reachedMax = false;
        foreach (var pod in ordered)
        {
            var uid = pod.Metadata.Uid;
            if (!TrackingFinalizer.Has(pod) || sync.ExpectedRemovals.Contains(uid))
            {
                continue;
            }
            var failed = JobRules.IsPodFailed(pod, job);
            if (!CanRemoveFinalizer(sync, pod, failed))
            {
                continue;
            }
            toRemove.Add(pod);
            if (pod.Status?.Phase == "Succeeded" && !sync.UncountedFailed.Contains(uid))
            {
                if (indexed)
                {
                    if (CompletionIndex.Valid(pod, sync.Completions) is { } index && !sync.PreviousSucceededIndexes.Contains(index))
                    {
                        newSucceededIndexes.Add(index);
                        needsFlush = true;
                    }
                }
                else if (!sync.UncountedSucceeded.Contains(uid))
                {
                    (uncounted.Succeeded ??= []).Add(uid);
                    needsFlush = true;
                }
            }
            else if (failed || (sync.Finishing is { } finishing && finishing.Type != JobConditions.SuccessCriteriaMet))
            {
                // A Job that has failed counts every pod it stops as failed.
                if (!sync.UncountedFailed.Contains(uid) && (!indexed || CompletionIndex.Valid(pod, sync.Completions) is not null)
                    && PodFailurePolicies.Match(job.Spec.PodFailurePolicy, pod).CountsAsFailure)
                {
                    (uncounted.Failed ??= []).Add(uid);
                    needsFlush = true;
                }
            }
            if (newSucceededIndexes.Count + (uncounted.Succeeded?.Count ?? 0) + (uncounted.Failed?.Count ?? 0) >= MaxUncounted)
            {
                reachedMax = true;
                break;
            }
        }
        if (indexed)
        {
            sync.SucceededIndexes = sync.SucceededIndexes.With(newSucceededIndexes);
            var text = sync.SucceededIndexes.ToString();
            needsFlush |= text != (status.CompletedIndexes ?? "");
            status.Succeeded = OmitZero(sync.SucceededIndexes.Total);
            status.CompletedIndexes = text.Length == 0 ? null : text;
            if (sync.FailedIndexes is { } failedIndexes && failedIndexes.ToString() != status.FailedIndexes)
            {
                status.FailedIndexes = failedIndexes.ToString();
                needsFlush = true;
            }
        }
        needsFlush |= AddInterimCondition(sync);

        needsFlush = await FlushAndRemoveFinalizersAsync(sync, toRemove, withFinalizer, needsFlush, cancellationToken);
        var finished = !reachedMax && Enact(sync);
        if (finished || needsFlush)
        {
            sync.Job = await jobs.UpdateStatusAsync(sync.Job, cancellationToken);
            if (finished)
            {
                RecordFinished(sync.Job, sync.Finishing!);
            }
        }
    }

    /// <summary>
    /// Any pod may lose its finalizer once the Job is deleted or finishing, or once it succeeded;
    /// a failed pod too, unless backoffLimitPerIndex keeps it for its replacement.
    /// </summary>
    private static bool CanRemoveFinalizer(JobSync sync, V1Pod pod, bool failed)
    {
        if (sync.Job.Metadata.DeletionTimestamp is not null || sync.Finishing is not null || pod.Status?.Phase == "Succeeded")
        {
            return true;
        }
        // The index's last failure passes its count on to the replacement: kept until that exists.
        return failed && !(CompletionIndex.Of(pod) is { } index && sync.AwaitingReplacement.TryGetValue(index, out var awaiting) && awaiting.Metadata.Uid == pod.Metadata.Uid);
    }

    /// <summary>
    /// Writes the interim FailureTarget or SuccessCriteriaMet condition (before any finalizer goes)
    /// and turns the finishing condition into its final Failed or Complete form.
    /// </summary>
    private static bool AddInterimCondition(JobSync sync)
    {
        var status = sync.Job.Status;
        if (sync.Finishing is not { } finishing)
        {
            return false;
        }
        var added = false;
        if (finishing.Type == JobConditions.FailureTarget)
        {
            (status.Conditions ??= []).Add(finishing);
            added = true;
            sync.Finishing = JobConditions.New(JobConditions.Failed, "True", finishing.Reason, finishing.Message, sync.Now);
        }
        else if (finishing.Type == JobConditions.SuccessCriteriaMet)
        {
            if (!JobConditions.IsTrue(sync.Job, JobConditions.SuccessCriteriaMet))
            {
                (status.Conditions ??= []).Add(finishing);
                added = true;
            }
            sync.Finishing = JobConditions.New(JobConditions.Complete, "True", finishing.Reason, finishing.Message, sync.Now);
        }
        return added;
    }

    /// <summary>
    /// Writes the uncounted pods, removes their finalizers, and moves those whose finalizer went
    /// into the counters. Returns whether the status has changes still to write.
    /// </summary>
    private async Task<bool> FlushAndRemoveFinalizersAsync(JobSync sync, List<V1Pod> toRemove, HashSet<string> withFinalizer, bool needsFlush, CancellationToken cancellationToken)
    {
        if (needsFlush)
        {
            sync.Job = await jobs.UpdateStatusAsync(sync.Job, cancellationToken);
            backoffs.Set(sync.Key, sync.NewBackoff);
            needsFlush = false;
        }
        Exception? failure = null;
        if (toRemove.Count > 0)
        {
            finalizers.ExpectRemovals(sync.Key, toRemove.Select(p => p.Metadata.Uid));
            var removed = await Task.WhenAll(toRemove.Select(async pod =>
            {
                try
                {
                    await pods.PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.StrategicMerge, TrackingFinalizer.RemovePatch, cancellationToken);
                    return pod.Metadata.Uid;
                }
                catch (ApiStatusException ex)
                {
                    // No update will show the removal: stop expecting it.
                    finalizers.RemovalObserved(sync.Key, pod.Metadata.Uid);
                    if (ex.IsNotFound)
                    {
                        return pod.Metadata.Uid;
                    }
                    Interlocked.CompareExchange(ref failure, ex, null);
                    return null;
                }
            }));
            withFinalizer.ExceptWith(removed.OfType<string>());
        }
        needsFlush |= CountUncountedWithoutFinalizer(sync.Job.Status, withFinalizer);
        if (failure is not null)
        {
            if (needsFlush)
            {
                sync.Job = await jobs.UpdateStatusAsync(sync.Job, cancellationToken);
            }
            throw failure;
        }
        return needsFlush;
    }

    /// <summary>Moves uncounted pods whose finalizer is gone into succeeded and failed; returns whether any moved.</summary>
    private static bool CountUncountedWithoutFinalizer(V1JobStatus status, HashSet<string> withFinalizer)
    {
        var uncounted = status.UncountedTerminatedPods;
        var succeeded = (uncounted.Succeeded ?? []).Where(withFinalizer.Contains).ToList();
        var failed = (uncounted.Failed ?? []).Where(withFinalizer.Contains).ToList();
        var moved = (uncounted.Succeeded?.Count ?? 0) - succeeded.Count + (uncounted.Failed?.Count ?? 0) - failed.Count;
        status.Succeeded = OmitZero((status.Succeeded ?? 0) + (uncounted.Succeeded?.Count ?? 0) - succeeded.Count);
        status.Failed = OmitZero((status.Failed ?? 0) + (uncounted.Failed?.Count ?? 0) - failed.Count);
        uncounted.Succeeded = succeeded.Count == 0 ? null : succeeded;
        uncounted.Failed = failed.Count == 0 ? null : failed;
        return moved > 0;
    }

    /// <summary>Counters are omitted when zero, as kube writes them.</summary>
    private static int? OmitZero(int count) => count == 0 ? null : count;

    /// <summary>Adds the final Complete or Failed condition once nothing is uncounted or terminating.</summary>
    private static bool Enact(JobSync sync)
    {
        var status = sync.Job.Status;
        if (sync.Finishing is not { } finishing
            || (status.UncountedTerminatedPods.Succeeded?.Count ?? 0) + (status.UncountedTerminatedPods.Failed?.Count ?? 0) > 0
            || sync.Terminating > 0)
        {
            return false;
        }
        JobConditions.Ensure(status, finishing.Type, finishing.Status, finishing.Reason, finishing.Message, sync.Now);
        if (finishing.Type == JobConditions.Complete)
        {
            status.CompletionTime = sync.Now;
        }
        return true;
    }

    private void RecordFinished(V1Job job, V1JobCondition finishing)
    {
        if (finishing.Type == JobConditions.Complete)
        {
            if (job.Spec.Completions is { } completions && job.Status.Succeeded > completions)
            {
                events.Warning(KubeResources.Jobs, job, "TooManySucceededPods", "Too many succeeded pods running after completion count reached");
            }
            events.Normal(KubeResources.Jobs, job, "Completed", "Job completed");
            return;
        }
        events.Warning(KubeResources.Jobs, job, finishing.Reason ?? JobConditions.Failed, finishing.Message ?? "");
    }
}
