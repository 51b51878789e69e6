using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Selectors;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using Berth.Controllers.Pods;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.Jobs;

/// <summary>
/// Runs Jobs to completion (kube's job-controller, v1.32 behaviour): keeps up to parallelism pods
/// running until completions pods succeeded (an Indexed Job: each index once), replaces failed
/// pods after an exponential back-off until backoffLimit, honours activeDeadlineSeconds, suspend,
/// podFailurePolicy and successPolicy, and counts finished pods through the tracking finalizer.
/// It writes the SuccessCriteriaMet / FailureTarget conditions first and Complete / Failed once
/// no pod is left running, with kube's reasons and events. A second queue strips the finalizer
/// from pods whose Job is gone or finished.
/// </summary>
public sealed class JobController : IController
{
    public const string Kind = "Job";
    public const string ManagerName = "kubernetes.io/job-controller";

    /// <summary>Pod events are folded into one sync a second later (kube's syncJobBatchPeriod).</summary>
    private static readonly TimeSpan BatchPeriod = TimeSpan.FromSeconds(1);

    private readonly ControllerContext _context;
    private readonly Informer<V1Job> _jobs;
    private readonly Informer<V1Pod> _pods;
    private readonly WorkQueue<string> _queue;
    private readonly WorkQueue<string> _orphans;
    private readonly Expectations _expectations;
    private readonly FinalizerExpectations _finalizers = new();
    private readonly JobBackoffs _backoffs = new();
    private readonly EventRecorder _events;
    private readonly ResourceClient<V1Job, V1JobList> _jobClient;
    private readonly ResourceClient<V1Pod, V1PodList> _podClient;
    private readonly Claims<V1Pod, V1PodList> _claims;
    private readonly JobPods _jobPods;
    private readonly JobStatusTracker _tracker;
    private readonly ReconcileLoop _loop;
    private readonly ReconcileLoop _orphanLoop;

    public JobController(ControllerContext context)
    {
        _context = context;
        _jobs = context.Informers.For(KubeResources.Jobs);
        _pods = context.Informers.For(KubeResources.Pods);
        _queue = WorkQueue<string>.ForController(context.Time);
        _orphans = WorkQueue<string>.ForController(context.Time);
        _expectations = new Expectations(context.Time);
        _events = context.Recorder("job-controller");
        _jobClient = context.Client.For(KubeResources.Jobs);
        _podClient = context.Client.For(KubeResources.Pods);
        _claims = new Claims<V1Pod, V1PodList>(_podClient, TrackingFinalizer.Name);
        _jobPods = new JobPods(new PodControl(context.Client, _events), _podClient, _expectations);
        _tracker = new JobStatusTracker(_jobClient, _podClient, _finalizers, _backoffs, _events);
        var logger = context.LoggerFactory.CreateLogger<JobController>();
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, logger);
        _orphanLoop = new ReconcileLoop($"{Name} (orphan pods)", _orphans, SyncOrphanPodAsync, logger);

        _jobs.AddHandler(new InformerHandler<V1Job>(job => _queue.Add(ObjectKey.Of(job)), JobUpdated, JobDeleted));
        _pods.AddHandler(new InformerHandler<V1Pod>(PodAdded, PodUpdated, pod => PodDeleted(pod, final: true)));
    }

    public string Name => "job-controller";

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_loop.RunAsync(5, cancellationToken), _orphanLoop.RunAsync(1, cancellationToken));

    private void JobUpdated(V1Job old, V1Job current)
    {
        var key = ObjectKey.Of(current);
        // A spec change syncs at once; status changes (mostly our own) are batched.
        if (old.Metadata.Generation == current.Metadata.Generation)
        {
            _queue.AddAfter(key, BatchPeriod);
        }
        else
        {
            _queue.Add(key);
        }
        if (JobConditions.IsFinished(current))
        {
            CleanUpPodFinalizers(current);
        }
        if (current.Status?.StartTime is { } start && current.Spec.ActiveDeadlineSeconds is { } deadline && deadline != old.Spec.ActiveDeadlineSeconds)
        {
            _queue.AddAfter(key, TimeSpan.FromSeconds(deadline) - (Now() - start));
        }
    }

    private void JobDeleted(V1Job job)
    {
        _queue.Add(ObjectKey.Of(job));
        CleanUpPodFinalizers(job);
    }

    /// <summary>Queues the Job's pods that still hold the finalizer for the orphan worker.</summary>
    private void CleanUpPodFinalizers(V1Job job)
    {
        foreach (var pod in _pods.Cache.InNamespace(job.Metadata.NamespaceProperty))
        {
            if (ControllerRefs.IsControlledBy(pod.Metadata, job.Metadata) && TrackingFinalizer.Has(pod))
            {
                _orphans.Add(ObjectKey.Of(pod));
            }
        }
    }

    private void PodAdded(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            // A restarted controller may first see a pod already being deleted: not a creation.
            PodDeleted(pod, final: false);
            return;
        }
        if (ControllerRefs.Of(pod.Metadata) is { } owner)
        {
            if (Resolve(pod.Metadata.NamespaceProperty, owner) is { } job)
            {
                _expectations.CreationObserved(ObjectKey.Of(job));
                _queue.AddAfter(ObjectKey.Of(job), BatchPeriod);
            }
            return;
        }
        if (TrackingFinalizer.Has(pod))
        {
            _orphans.Add(ObjectKey.Of(pod));
        }
        EnqueueMatching(pod);
    }

    private void PodUpdated(V1Pod old, V1Pod current)
    {
        if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
        {
            return;
        }
        if (current.Metadata.DeletionTimestamp is not null)
        {
            // Replacements need not wait for the end of a graceful deletion.
            PodDeleted(current, final: false);
            return;
        }
        var finalizerGone = !TrackingFinalizer.Has(current);
        var oldOwner = ControllerRefs.Of(old.Metadata);
        var owner = ControllerRefs.Of(current.Metadata);
        var ownerChanged = oldOwner?.Uid != owner?.Uid;
        if (ownerChanged && oldOwner is not null && Resolve(old.Metadata.NamespaceProperty, oldOwner) is { } oldJob)
        {
            if (finalizerGone)
            {
                _finalizers.RemovalObserved(ObjectKey.Of(oldJob), current.Metadata.Uid);
            }
            _queue.AddAfter(ObjectKey.Of(oldJob), BatchPeriod);
        }
        if (owner is not null)
        {
            if (Resolve(current.Metadata.NamespaceProperty, owner) is { } job)
            {
                if (finalizerGone)
                {
                    _finalizers.RemovalObserved(ObjectKey.Of(job), current.Metadata.Uid);
                }
                _queue.AddAfter(ObjectKey.Of(job), BatchPeriod);
            }
            return;
        }
        if (TrackingFinalizer.Has(current))
        {
            _orphans.Add(ObjectKey.Of(current));
        }
        if (ownerChanged || !SameLabels(old, current))
        {
            EnqueueMatching(current);
        }
    }

    /// <param name="final">The pod is gone from the API (not only marked for deletion).</param>
    private void PodDeleted(V1Pod pod, bool final)
    {
        var hasFinalizer = TrackingFinalizer.Has(pod);
        if (ControllerRefs.Of(pod.Metadata) is not { } owner)
        {
            if (hasFinalizer)
            {
                _orphans.Add(ObjectKey.Of(pod));
            }
            return;
        }
        if (Resolve(pod.Metadata.NamespaceProperty, owner) is not { } job || JobConditions.IsFinished(job))
        {
            if (hasFinalizer)
            {
                _orphans.Add(ObjectKey.Of(pod));
            }
            return;
        }
        var key = ObjectKey.Of(job);
        _expectations.DeletionObserved(key, pod.Metadata.Uid);
        if (final || !hasFinalizer)
        {
            _finalizers.RemovalObserved(key, pod.Metadata.Uid);
        }
        _queue.AddAfter(key, BatchPeriod);
    }

    /// <summary>The Job a controller reference names, if this cache has it with that uid.</summary>
    private V1Job? Resolve(string ns, V1OwnerReference owner) =>
        owner.Kind == Kind && _jobs.Cache.Get(ns, owner.Name) is { } job && job.Metadata.Uid == owner.Uid ? job : null;

    private void EnqueueMatching(V1Pod orphan)
    {
        foreach (var job in _jobs.Cache.InNamespace(orphan.Metadata.NamespaceProperty))
        {
            if (LabelSelector.From(job.Spec.Selector).Matches(orphan.Metadata.Labels))
            {
                _queue.AddAfter(ObjectKey.Of(job), BatchPeriod);
            }
        }
    }

    private static bool SameLabels(V1Pod a, V1Pod b) => LabelSets.Equal(a.Metadata.Labels, b.Metadata.Labels);

    /// <summary>Status times are whole seconds, as kube's metav1.Time.</summary>
    private DateTime Now()
    {
        var now = _context.Time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_jobs.Cache.Get(key) is not { } cached)
        {
            _expectations.Forget(key);
            _finalizers.Forget(key);
            _backoffs.Remove(key);
            return;
        }
        if (JobConditions.IsFinished(cached))
        {
            _backoffs.Remove(key);
            return;
        }
        if (cached.Spec.ManagedBy is { } manager && manager != ManagerName)
        {
            return;
        }
        if (cached.Spec.CompletionMode is { } mode && mode is not ("NonIndexed" or "Indexed"))
        {
            _events.Warning(KubeResources.Jobs, cached, "UnknownCompletionMode", "Skipped Job sync because completion mode is unknown");
            return;
        }
        var job = ModelCopy.Clone(cached, ModelJsonContext.Default.V1Job);
        job.Status ??= new V1JobStatus();
        job.Status.UncountedTerminatedPods ??= new V1UncountedTerminatedPods();

        // Expectations first: a pod created after this check waits for the next sync.
        var satisfied = _expectations.Satisfied(key);
        var pods = await ClaimPodsAsync(job, cancellationToken);
        var sync = NewSync(key, job, pods);
        var active = sync.Active.Count;
        Exception? manageError = null;

        DecideFinishing(sync);
        var suspendChanged = false;
        if (sync.Finishing is not null)
        {
            var (deletedReady, deleted, error) = await _jobPods.DeleteFinishingAsync(job, sync.Active, cancellationToken);
            if (deleted != active || !satisfied)
            {
                // Not finished yet: pods may still hold finalizers or not be in the cache yet.
                sync.Finishing = null;
            }
            active -= deleted;
            sync.Terminating += deleted;
            sync.Ready -= deletedReady;
            manageError = error;
        }
        else
        {
            var managed = false;
            if (satisfied && job.Metadata.DeletionTimestamp is null)
            {
                (active, manageError) = await _jobPods.ManageAsync(sync, wait => _queue.AddAfter(key, wait < BatchPeriod ? BatchPeriod : wait), cancellationToken);
                managed = true;
            }
            if (JobRules.IsComplete(job, sync.Succeeded, active))
            {
                sync.Finishing = JobConditions.New(JobConditions.SuccessCriteriaMet, "True", JobConditions.CompletionsReached, "Reached expected number of succeeded pods", sync.Now);
            }
            else if (managed)
            {
                suspendChanged = UpdateSuspended(sync);
            }
        }

        var status = job.Status;
        var needsUpdate = suspendChanged || active != (status.Active ?? 0) || sync.Ready != status.Ready || sync.Terminating != status.Terminating;
        status.Active = active == 0 ? null : active;
        status.Ready = sync.Ready;
        status.Terminating = sync.Terminating;
        await _tracker.TrackAsync(sync, needsUpdate, cancellationToken);
        if (manageError is not null)
        {
            throw manageError;
        }
    }

    /// <summary>All pods of the namespace that the Job owns or adopts (finished ones too); adopted ones gain the finalizer.</summary>
    private Task<List<V1Pod>> ClaimPodsAsync(V1Job job, CancellationToken cancellationToken) =>
        _claims.ClaimAsync(ControllerRefs.To("batch/v1", Kind, job.Metadata), job.Metadata.DeletionTimestamp is not null,
            LabelSelector.From(job.Spec.Selector), _pods.Cache.InNamespace(job.Metadata.NamespaceProperty), async ct =>
            {
                var fresh = await _jobClient.TryGetAsync(job.Metadata.NamespaceProperty, job.Metadata.Name, ct);
                return fresh is not null && fresh.Metadata.Uid == job.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null;
            }, cancellationToken);

    private JobSync NewSync(string key, V1Job job, List<V1Pod> pods)
    {
        var uncounted = job.Status.UncountedTerminatedPods;
        var sync = new JobSync
        {
            Key = key,
            Job = job,
            Now = Now(),
            Pods = pods,
            Active = pods.Where(PodConditions.IsActive).ToList(),
            UncountedSucceeded = (uncounted.Succeeded ?? []).ToHashSet(StringComparer.Ordinal),
            UncountedFailed = (uncounted.Failed ?? []).ToHashSet(StringComparer.Ordinal),
            ExpectedRemovals = _finalizers.Expected(key),
        };
        sync.Ready = sync.Active.Count(PodConditions.IsReady);
        sync.Terminating = pods.Count(JobRules.IsTerminating);
        var newSucceeded = sync.Uncounted(sync.UncountedSucceeded, p => p.Status?.Phase == "Succeeded").ToList();
        var newFailed = sync.Uncounted(sync.UncountedFailed, p => JobRules.IsPodFailed(p, job)).ToList();
        sync.Succeeded = (job.Status.Succeeded ?? 0) + newSucceeded.Count + sync.UncountedSucceeded.Count;
        sync.Failed = (job.Status.Failed ?? 0) + newFailed.Count(p => PodFailurePolicies.Match(job.Spec.PodFailurePolicy, p).CountsAsFailure)
            + sync.UncountedFailed.Count;
        if (job.Status.StartTime is null && !JobRules.IsSuspended(job))
        {
            job.Status.StartTime = sync.Now;
        }
        sync.NewBackoff = _backoffs.Get(key).After(newSucceeded, newFailed);
        return sync;
    }

    /// <summary>
    /// Whether the Job is failing or has met its success criteria, in kube's order: an earlier
    /// SuccessCriteriaMet or FailureTarget, a FailJob rule, backoffLimit, activeDeadlineSeconds,
    /// then for Indexed Jobs the successPolicy.
    /// </summary>
    private void DecideFinishing(JobSync sync)
    {
        var job = sync.Job;
        if (JobConditions.Find(job, JobConditions.SuccessCriteriaMet) is { Status: "True" } met)
        {
            sync.Finishing = met;
        }
        else if (JobConditions.Find(job, JobConditions.FailureTarget) is { Status: "True" } target)
        {
            sync.Finishing = JobConditions.New(JobConditions.Failed, "True", target.Reason, target.Message, sync.Now);
        }
        else if (sync.Pods.Where(p => JobRules.IsPodFailed(p, job)).Select(p => PodFailurePolicies.Match(job.Spec.PodFailurePolicy, p).FailJobMessage)
            .FirstOrDefault(m => m is not null) is { } message)
        {
            sync.Finishing = JobConditions.New(JobConditions.FailureTarget, "True", JobConditions.PodFailurePolicy, message, sync.Now);
        }
        if (sync.Finishing is null)
        {
            if (sync.Failed > (job.Spec.BackoffLimit ?? 6) || JobRules.PastBackoffLimitOnFailure(job, sync.Pods))
            {
                sync.Finishing = JobConditions.New(JobConditions.FailureTarget, "True", JobConditions.BackoffLimitExceeded, "Job has reached the specified backoff limit", sync.Now);
            }
            else if (JobRules.PastActiveDeadline(job, sync.Now))
            {
                sync.Finishing = JobConditions.New(JobConditions.FailureTarget, "True", JobConditions.DeadlineExceeded, "Job was active longer than specified deadline", sync.Now);
            }
            else if (JobRules.RemainingActiveTime(job, sync.Now) is { } rest)
            {
                _queue.AddAfter(sync.Key, rest);
            }
        }
        if (JobRules.IsIndexed(job))
        {
            sync.PreviousSucceededIndexes = IndexIntervals.Parse(job.Status.CompletedIndexes, sync.Completions);
            sync.SucceededIndexes = sync.PreviousSucceededIndexes.With(sync.Pods
                .Where(p => p.Status?.Phase == "Succeeded" && TrackingFinalizer.Has(p))
                .Select(p => CompletionIndex.Valid(p, sync.Completions)).OfType<int>());
            sync.Succeeded = sync.SucceededIndexes.Total;
            if (IndexFailures.HasLimitPerIndex(job))
            {
                DecideIndexFailures(sync);
            }
            if (sync.Finishing is null && SuccessPolicies.Match(job.Spec.SuccessPolicy, sync.Completions, sync.SucceededIndexes) is { } matched)
            {
                sync.Finishing = JobConditions.New(JobConditions.SuccessCriteriaMet, "True", JobConditions.SuccessPolicy, matched, sync.Now);
            }
        }
    }

    /// <summary>
    /// With backoffLimitPerIndex: the failed indexes, whether they fail the Job (more than
    /// maxFailedIndexes, or every index done with some failed), and the pods awaiting replacement.
    /// </summary>
    private static void DecideIndexFailures(JobSync sync)
    {
        var job = sync.Job;
        var failed = IndexFailures.Failed(job, sync.Pods);
        sync.FailedIndexes = failed;
        if (sync.Finishing is null)
        {
            if (job.Spec.MaxFailedIndexes is { } max && failed.Total > max)
            {
                sync.Finishing = JobConditions.New(JobConditions.FailureTarget, "True", JobConditions.MaxFailedIndexesExceeded, "Job has exceeded the specified maximal number of failed indexes", sync.Now);
            }
            else if (failed.Total > 0 && failed.Total + sync.SucceededIndexes.Total >= sync.Completions)
            {
                sync.Finishing = JobConditions.New(JobConditions.FailureTarget, "True", JobConditions.FailedIndexes, "Job has failed indexes", sync.Now);
            }
        }
        sync.AwaitingReplacement = IndexFailures.AwaitingReplacement(job, sync.Uncounted([], _ => true), sync.SucceededIndexes, failed, sync.Active);
    }

    /// <summary>
    /// The Suspended condition and its events; resuming restarts the clock of activeDeadlineSeconds.
    /// Returns whether the condition changed.
    /// </summary>
    private bool UpdateSuspended(JobSync sync)
    {
        var job = sync.Job;
        if (JobRules.IsSuspended(job))
        {
            if (!JobConditions.Ensure(job.Status, JobConditions.Suspended, "True", "JobSuspended", "Job suspended", sync.Now))
            {
                return false;
            }
            _events.Normal(KubeResources.Jobs, job, "Suspended", "Job suspended");
            return true;
        }
        if (!JobConditions.Ensure(job.Status, JobConditions.Suspended, "False", "JobResumed", "Job resumed", sync.Now))
        {
            return false;
        }
        _events.Normal(KubeResources.Jobs, job, "Resumed", "Job resumed");
        job.Status.StartTime = sync.Now;
        return true;
    }

    /// <summary>Removes the tracking finalizer from a pod whose Job is gone or finished (or that no Job owns).</summary>
    private async Task SyncOrphanPodAsync(string key, CancellationToken cancellationToken)
    {
        if (_pods.Cache.Get(key) is not { } pod || !TrackingFinalizer.Has(pod))
        {
            return;
        }
        if (ControllerRefs.Of(pod.Metadata) is { } owner)
        {
            if (owner.Kind != Kind || owner.ApiVersion != "batch/v1")
            {
                return;
            }
            if (Resolve(pod.Metadata.NamespaceProperty, owner) is { } job
                && ((job.Spec.ManagedBy is { } manager && manager != ManagerName) || !JobConditions.IsFinished(job)))
            {
                return;
            }
        }
        try
        {
            await _podClient.PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.StrategicMerge, TrackingFinalizer.RemovePatch, cancellationToken);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }
}
