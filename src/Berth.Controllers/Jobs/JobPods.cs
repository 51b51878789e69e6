using System.Collections.Concurrent;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.Jobs;

/// <summary>
/// Creates and deletes a Job's pods (kube's manageJob): deletes every active pod of a suspended
/// Job, surplus pods (and repeated or invalid indexes), and creates the missing ones once the
/// failure back-off has passed, in slow-start batches of at most 500 per sync, each with the
/// tracking finalizer and, for an Indexed Job, its index.
/// </summary>
internal sealed class JobPods(PodControl podControl, ResourceClient<V1Pod, V1PodList> pods, Expectations expectations)
{
    public const int MaxPerSync = 500;

    /// <summary>Returns the active count after acting and the first failure; asks for a later sync while backing off.</summary>
    public async Task<(int Active, Exception? Error)> ManageAsync(JobSync sync, Action<TimeSpan> syncAfter, CancellationToken cancellationToken)
    {
        var job = sync.Job;
        var active = sync.Active.Count;
        if (JobRules.IsSuspended(job))
        {
            var (removed, error) = await DeleteAsync(sync, ForRemoval(job, sync.Active, active), cancellationToken);
            return (active - removed, error);
        }
        var wantActive = JobRules.WantActive(job, active, sync.Succeeded);
        var surplus = ForRemoval(job, sync.Active, Math.Max(0, active - wantActive)).Take(MaxPerSync).ToList();
        if (surplus.Count > 0)
        {
            // A sync either deletes or creates, never both: deletion first.
            var (removed, error) = await DeleteAsync(sync, surplus, cancellationToken);
            return (active - removed, error);
        }
        var terminating = JobRules.OnlyReplaceFailedPods(job) ? sync.Terminating : 0;
        var missing = Math.Min(wantActive - terminating - active, MaxPerSync);
        if (missing <= 0)
        {
            return (active, null);
        }
        var perIndex = IndexFailures.HasLimitPerIndex(job);
        if (!perIndex && sync.NewBackoff.Remaining(sync.Now) is { } wait && wait > TimeSpan.Zero)
        {
            syncAfter(wait);
            return (active, null);
        }
        var indexes = JobRules.IsIndexed(job) ? PendingIndexes(sync, missing) : null;
        if (perIndex && indexes!.Count > 0)
        {
            // Each index backs off by its own failures: create those whose wait is over.
            var waits = indexes.ToDictionary(i => i, i => IndexFailures.Remaining(sync.AwaitingReplacement.GetValueOrDefault(i), sync.Now));
            indexes = [.. indexes.Where(i => waits[i] <= TimeSpan.Zero)];
            if (indexes.Count == 0)
            {
                syncAfter(waits.Values.Min());
                return (active, null);
            }
        }
        var newPods = NewPods(sync, missing, indexes);
        if (newPods.Count == 0)
        {
            return (active, null);
        }
        expectations.ExpectCreations(sync.Key, newPods.Count);
        var queue = new ConcurrentQueue<V1Pod>(newPods);
        var (created, failure) = await SlowStart.RunAsync(newPods.Count, () =>
            podControl.CreateAsync(KubeResources.Jobs, job, queue.TryDequeue(out var pod) ? pod : throw new InvalidOperationException("no pod left to create"), cancellationToken));
        for (var i = created; i < newPods.Count; i++)
        {
            expectations.CreationObserved(sync.Key);
        }
        return (active + created, failure);
    }

    /// <summary>
    /// Deletes pods of a Job that has failed or succeeded, keeping their finalizers so they are
    /// counted; returns how many ready and how many pods were deleted and the first failure.
    /// </summary>
    public async Task<(int DeletedReady, int Deleted, Exception? Error)> DeleteFinishingAsync(V1Job job, IReadOnlyList<V1Pod> active, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var deletedReady = 0;
        Exception? error = null;
        await Task.WhenAll(active.Select(async pod =>
        {
            try
            {
                await podControl.DeleteAsync(KubeResources.Jobs, job, pod, cancellationToken);
                Interlocked.Increment(ref deleted);
                if (PodConditions.IsReady(pod))
                {
                    Interlocked.Increment(ref deletedReady);
                }
            }
            catch (ApiStatusException failed)
            {
                Interlocked.CompareExchange(ref error, failed, null);
            }
        }));
        return (deletedReady, deleted, error);
    }

    /// <summary>
    /// Removes pods the Job no longer wants: their finalizer first (they will not count), then the
    /// pod. Returns how many went and the first failure; adjusts the sync's ready and terminating counts.
    /// </summary>
    private async Task<(int Removed, Exception? Error)> DeleteAsync(JobSync sync, IReadOnlyList<V1Pod> victims, CancellationToken cancellationToken)
    {
        if (victims.Count == 0)
        {
            return (0, null);
        }
        expectations.ExpectDeletions(sync.Key, victims.Select(p => p.Metadata.Uid));
        var removed = 0;
        var removedReady = 0;
        Exception? error = null;
        await Task.WhenAll(victims.Select(async pod =>
        {
            try
            {
                if (TrackingFinalizer.Has(pod))
                {
                    await pods.PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.StrategicMerge, TrackingFinalizer.RemovePatch, cancellationToken);
                }
                await podControl.DeleteAsync(KubeResources.Jobs, sync.Job, pod, cancellationToken);
                Interlocked.Increment(ref removed);
                if (PodConditions.IsReady(pod))
                {
                    Interlocked.Increment(ref removedReady);
                }
            }
            catch (ApiStatusException gone) when (gone.IsNotFound)
            {
                expectations.DeletionObserved(sync.Key, pod.Metadata.Uid);
                Interlocked.Increment(ref removed);
            }
            catch (ApiStatusException failed)
            {
                expectations.DeletionObserved(sync.Key, pod.Metadata.Uid);
                Interlocked.CompareExchange(ref error, failed, null);
            }
        }));
        sync.Terminating += removed;
        sync.Ready -= removedReady;
        return (removed, error);
    }

    /// <summary>
    /// The active pods to delete (kube's activePodsForRemoval): for an Indexed Job every pod with a
    /// repeated or invalid index, then, to reach <paramref name="atLeast"/>, the lowest-ranked others.
    /// </summary>
    private static List<V1Pod> ForRemoval(V1Job job, IReadOnlyList<V1Pod> active, int atLeast)
    {
        var (remove, keep) = JobRules.IsIndexed(job) ? CompletionIndex.Duplicates(active, job.Spec.Completions ?? 0) : ([], [.. active]);
        if (remove.Count < atLeast)
        {
            remove.AddRange(PodDeletionOrder.Order(keep).Take(atLeast - remove.Count));
        }
        return remove;
    }

    /// <summary>An Indexed Job's first indexes neither succeeded, failed, nor running (nor terminating, when only failed pods are replaced).</summary>
    private static List<int> PendingIndexes(JobSync sync, int count)
    {
        var busy = sync.Active.Select(p => CompletionIndex.Of(p)).OfType<int>();
        if (JobRules.OnlyReplaceFailedPods(sync.Job))
        {
            busy = busy.Concat(sync.Pods.Where(JobRules.IsTerminating).Select(p => CompletionIndex.Of(p)).OfType<int>());
        }
        return sync.SucceededIndexes.With(busy).Merge(sync.FailedIndexes ?? IndexIntervals.Empty).FirstMissing(count, sync.Completions);
    }

    /// <summary>The pods to create from the template, with the tracking finalizer; for an Indexed Job one per index given.</summary>
    private static List<V1Pod> NewPods(JobSync sync, int count, List<int>? indexes)
    {
        var job = sync.Job;
        var template = ModelCopy.Clone(job.Spec.Template, ModelJsonContext.Default.V1PodTemplateSpec);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Finalizers ??= [];
        if (!template.Metadata.Finalizers.Contains(TrackingFinalizer.Name))
        {
            template.Metadata.Finalizers.Add(TrackingFinalizer.Name);
        }
        var owner = ControllerRefs.To("batch/v1", JobController.Kind, job.Metadata);
        var ns = job.Metadata.NamespaceProperty;
        if (indexes is null)
        {
            return Enumerable.Range(0, count).Select(_ => PodTemplates.NewPod(template, ns, owner, $"{job.Metadata.Name}-")).ToList();
        }
        CompletionIndex.AddEnv(template);
        return indexes.Select(index =>
        {
            var indexed = ModelCopy.Clone(template, ModelJsonContext.Default.V1PodTemplateSpec);
            CompletionIndex.Mark(indexed, job.Metadata.Name, index);
            if (IndexFailures.HasLimitPerIndex(job))
            {
                IndexFailures.Annotate(indexed, job, sync.AwaitingReplacement.GetValueOrDefault(index));
            }
            return PodTemplates.NewPod(indexed, ns, owner, CompletionIndex.GenerateName(job.Metadata.Name, index));
        }).ToList();
    }
}
