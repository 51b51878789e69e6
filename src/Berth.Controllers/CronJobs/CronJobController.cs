using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using Berth.Timing;
using Berth.Timing.Cron;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.CronJobs;

/// <summary>
/// Starts a Job for each start time of a CronJob's schedule (kube's cronjob-controller v2): the
/// CronJob is looked at again just after its next start time; a start time older than
/// startingDeadlineSeconds is missed (MissSchedule); concurrencyPolicy Forbid skips a start
/// while a Job runs and Replace deletes the running ones first. Jobs are named after their start
/// time, so none is started twice. Finished Jobs beyond the history limits are deleted, oldest
/// first, and status.active, lastScheduleTime and lastSuccessfulTime follow the Jobs.
/// </summary>
public sealed partial class CronJobController : IController
{
    public const string Kind = "CronJob";

    private readonly ControllerContext _context;
    private readonly Informer<V1CronJob> _cronJobs;
    private readonly Informer<V1Job> _jobs;
    private readonly WorkQueue<string> _queue;
    private readonly EventRecorder _events;
    private readonly ResourceClient<V1CronJob, V1CronJobList> _cronJobClient;
    private readonly ResourceClient<V1Job, V1JobList> _jobClient;
    private readonly ReconcileLoop _loop;
    private readonly ILogger _logger;

    /// <param name="defaultZone">The zone of schedules without spec.timeZone: the host's, as kube-controller-manager's.</param>
    public CronJobController(ControllerContext context, TimeZoneInfo? defaultZone = null)
    {
        _context = context;
        DefaultZone = defaultZone ?? TimeZoneInfo.Local;
        _cronJobs = context.Informers.For(KubeResources.CronJobs);
        _jobs = context.Informers.For(KubeResources.Jobs);
        _queue = WorkQueue<string>.ForController(context.Time);
        _events = context.Recorder("cronjob-controller");
        _cronJobClient = context.Client.For(KubeResources.CronJobs);
        _jobClient = context.Client.For(KubeResources.Jobs);
        _logger = context.LoggerFactory.CreateLogger<CronJobController>();
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, _logger);

        _cronJobs.AddHandler(new InformerHandler<V1CronJob>(cj => _queue.Add(ObjectKey.Of(cj)), CronJobUpdated));
        _jobs.AddHandler(new InformerHandler<V1Job>(JobChanged, (old, current) =>
        {
            if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
            {
                return;
            }
            if (ControllerRefs.Of(old.Metadata)?.Uid != ControllerRefs.Of(current.Metadata)?.Uid)
            {
                JobChanged(old);
            }
            JobChanged(current);
        }));
    }

    public string Name => "cronjob-controller";

    public TimeZoneInfo DefaultZone { get; }

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(5, cancellationToken);

    private void JobChanged(V1Job job)
    {
        if (Owner(job) is { } cronJob)
        {
            _queue.Add(ObjectKey.Of(cronJob));
        }
    }

    /// <summary>A new schedule or zone counts from now; any other change is looked at at once.</summary>
    private void CronJobUpdated(V1CronJob old, V1CronJob current)
    {
        if (old.Spec.Schedule == current.Spec.Schedule && old.Spec.TimeZone == current.Spec.TimeZone)
        {
            _queue.Add(ObjectKey.Of(current));
            return;
        }
        if (Schedule(current, out var error) is not { } schedule)
        {
            _events.Warning(KubeResources.CronJobs, current, "UnParseableCronJobSchedule", $"unparseable schedule for cronjob: {current.Spec.Schedule}");
            LogUnparseable(ObjectKey.Of(current), error ?? "");
            return;
        }
        _queue.AddAfter(ObjectKey.Of(current), ScheduleTimes.UntilNext(current, _context.Time.GetUtcNow(), schedule));
    }

    private V1CronJob? Owner(V1Job job) =>
        ControllerRefs.Of(job.Metadata) is { Kind: Kind } owner && _cronJobs.Cache.Get(job.Metadata.NamespaceProperty, owner.Name) is { } cronJob
            && cronJob.Metadata.Uid == owner.Uid ? cronJob : null;

    /// <summary>The schedule in spec.timeZone, or the default zone; a TZ= prefix names its own.</summary>
    private CronSchedule? Schedule(V1CronJob cronJob, out string? error)
    {
        var zone = cronJob.Spec.TimeZone is { } name && !cronJob.Spec.Schedule.Contains("TZ", StringComparison.Ordinal)
            ? TimeZones.Find(name, out _) ?? DefaultZone
            : DefaultZone;
        try
        {
            error = null;
            return CronSchedule.Parse(cronJob.Spec.Schedule, zone);
        }
        catch (CronFormatException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_cronJobs.Cache.Get(key) is not { } cached)
        {
            return;
        }
        var cronJob = ModelCopy.Clone(cached, ModelJsonContext.Default.V1CronJob);
        cronJob.Status ??= new V1CronJobStatus();
        var jobs = _jobs.Cache.InNamespace(cronJob.Metadata.NamespaceProperty)
            .Where(j => ControllerRefs.IsControlledBy(j.Metadata, cronJob.Metadata)).ToList();

        var changed = await CleanUpFinishedJobsAsync(cronJob, jobs, cancellationToken);
        TimeSpan? requeueAfter = null;
        Exception? syncError = null;
        try
        {
            bool scheduled;
            (requeueAfter, scheduled) = await ScheduleAsync(cronJob, jobs, cancellationToken);
            changed |= scheduled;
        }
        catch (ApiStatusException ex)
        {
            syncError = ex;
        }
        if (changed)
        {
            await _cronJobClient.UpdateStatusAsync(cronJob, cancellationToken);
        }
        if (requeueAfter is { } delay)
        {
            _queue.AddAfter(key, delay);
        }
        if (syncError is not null)
        {
            throw syncError;
        }
    }

    /// <summary>
    /// Brings status.active and lastSuccessfulTime up to date with the Jobs, then starts the Job
    /// due now, if any. Returns when to look again and whether the status changed.
    /// </summary>
    private async Task<(TimeSpan? RequeueAfter, bool Changed)> ScheduleAsync(V1CronJob cronJob, List<V1Job> jobs, CancellationToken cancellationToken)
    {
        var changed = await UpdateActiveAsync(cronJob, jobs, cancellationToken);
        if (cronJob.Metadata.DeletionTimestamp is not null)
        {
            return (null, changed);
        }
        if (cronJob.Spec.TimeZone is { } zoneName && TimeZones.Find(zoneName, out var zoneError) is null)
        {
            _events.Warning(KubeResources.CronJobs, cronJob, "UnknownTimeZone", $"invalid timeZone: \"{zoneName}\": {zoneError}");
            return (null, changed);
        }
        if (cronJob.Spec.Suspend == true)
        {
            return (null, changed);
        }
        if (cronJob.Spec.Schedule.Contains("TZ", StringComparison.Ordinal))
        {
            _events.Warning(KubeResources.CronJobs, cronJob, "UnsupportedSchedule",
                $"CRON_TZ or TZ used in schedule \"{cronJob.Spec.Schedule}\" is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details");
        }
        if (Schedule(cronJob, out var parseError) is not { } schedule)
        {
            _events.Warning(KubeResources.CronJobs, cronJob, "UnparseableSchedule", $"unparseable schedule: \"{cronJob.Spec.Schedule}\" : {parseError}");
            return (null, changed);
        }
        var now = _context.Time.GetUtcNow();
        var (due, missed, invalid) = ScheduleTimes.Due(cronJob, now, schedule);
        if (invalid is not null)
        {
            _events.Warning(KubeResources.CronJobs, cronJob, "InvalidSchedule", $"invalid schedule: {cronJob.Spec.Schedule} : {invalid}");
            return (null, changed);
        }
        var next = ScheduleTimes.UntilNext(cronJob, now, schedule);
        if (due is not { } scheduled)
        {
            return (next, changed);
        }
        if (missed == MissedSchedules.Many)
        {
            _events.Warning(KubeResources.CronJobs, cronJob, "TooManyMissedTimes", "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        }
        if (cronJob.Spec.StartingDeadlineSeconds is { } deadline && scheduled.AddSeconds(deadline) < now)
        {
            _events.Warning(KubeResources.CronJobs, cronJob, "MissSchedule",
                $"Missed scheduled time to start a job: {scheduled.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", System.Globalization.CultureInfo.InvariantCulture)}");
            return (next, changed);
        }
        var name = ScheduleTimes.JobName(cronJob.Metadata.Name, scheduled);
        if (cronJob.Status.Active?.Any(a => a.Name == name) == true
            || (cronJob.Status.LastScheduleTime is { } last && new DateTimeOffset(last, TimeSpan.Zero) == scheduled))
        {
            return (next, changed);
        }
        if (cronJob.Spec.ConcurrencyPolicy == "Forbid" && cronJob.Status.Active is { Count: > 0 })
        {
            _events.Normal(KubeResources.CronJobs, cronJob, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
            return (next, changed);
        }
        if (cronJob.Spec.ConcurrencyPolicy == "Replace")
        {
            foreach (var active in (cronJob.Status.Active ?? []).ToList())
            {
                V1Job running;
                try
                {
                    running = await _jobClient.GetAsync(active.NamespaceProperty, active.Name, cancellationToken);
                }
                catch (ApiStatusException ex)
                {
                    _events.Warning(KubeResources.CronJobs, cronJob, "FailedGet", $"Get job: {ex.Message}");
                    throw;
                }
                await DeleteJobAsync(cronJob, running, cancellationToken);
                changed = true;
            }
        }
        var created = await CreateJobAsync(cronJob, scheduled, cancellationToken);
        if (created is null)
        {
            return (null, changed);
        }
        (cronJob.Status.Active ??= []).Add(ScheduledJobs.Reference(created));
        cronJob.Status.LastScheduleTime = scheduled.UtcDateTime;
        return (next, true);
    }

    /// <summary>Creates the Job for this start time; one that exists already counts if this CronJob owns it and it is not yet active.</summary>
    private async Task<V1Job?> CreateJobAsync(V1CronJob cronJob, DateTimeOffset scheduled, CancellationToken cancellationToken)
    {
        var request = ScheduledJobs.ForSchedule(cronJob, scheduled, TimeZones.Find(cronJob.Spec.TimeZone ?? "", out _) ?? TimeZoneInfo.Utc);
        try
        {
            var created = await _jobClient.CreateAsync(request, cancellationToken);
            _events.Normal(KubeResources.CronJobs, cronJob, "SuccessfulCreate", $"Created job {created.Metadata.Name}");
            return created;
        }
        catch (ApiStatusException exists) when (exists.IsAlreadyExists)
        {
            // Created before a crash, or by someone else: adopt it into active only if it is ours.
            var job = await _jobClient.GetAsync(request.Metadata.NamespaceProperty, request.Metadata.Name, cancellationToken);
            if (!ControllerRefs.IsControlledBy(job.Metadata, cronJob.Metadata) || cronJob.Status.Active?.Any(a => a.Uid == job.Metadata.Uid) == true)
            {
                return null;
            }
            return job;
        }
        catch (ApiStatusException failed)
        {
            _events.Warning(KubeResources.CronJobs, cronJob, "FailedCreate", $"Error creating job: {failed.Message}");
            throw;
        }
    }

    /// <summary>
    /// Drops finished and vanished Jobs from status.active (SawCompletedJob, MissingJob), notes
    /// Jobs running that it did not start (UnexpectedJob), and moves lastSuccessfulTime forward.
    /// </summary>
    private async Task<bool> UpdateActiveAsync(V1CronJob cronJob, List<V1Job> jobs, CancellationToken cancellationToken)
    {
        var changed = false;
        var active = cronJob.Status.Active ?? [];
        foreach (var job in jobs)
        {
            var inActive = active.Any(a => a.Uid == job.Metadata.Uid);
            var finished = ScheduledJobs.Finished(job);
            if (!inActive && finished is null)
            {
                // Our status may lag our own write: a fresh read decides.
                var fresh = await _cronJobClient.GetAsync(cronJob.Metadata.NamespaceProperty, cronJob.Metadata.Name, cancellationToken);
                if (fresh.Status?.Active?.Any(a => a.Uid == job.Metadata.Uid) != true)
                {
                    _events.Warning(KubeResources.CronJobs, cronJob, "UnexpectedJob", $"Saw a job that the controller did not create or forgot: {job.Metadata.Name}");
                }
            }
            else if (inActive && finished is not null)
            {
                active = [.. active.Where(a => a.Uid != job.Metadata.Uid)];
                _events.Normal(KubeResources.CronJobs, cronJob, "SawCompletedJob", $"Saw completed job: {job.Metadata.Name}, status: {finished}");
                changed = true;
            }
            else if (finished == "Complete" && job.Status.CompletionTime is { } completed
                && (cronJob.Status.LastSuccessfulTime is not { } lastSuccess || completed > lastSuccess))
            {
                cronJob.Status.LastSuccessfulTime = completed;
                changed = true;
            }
        }
        foreach (var reference in active.ToList())
        {
            if (jobs.Any(j => j.Metadata.Uid == reference.Uid))
            {
                continue;
            }
            // Not in the cache: it may be too new for it. Only a 404 means it is gone.
            if (await _jobClient.TryGetAsync(reference.NamespaceProperty, reference.Name, cancellationToken) is null)
            {
                _events.Normal(KubeResources.CronJobs, cronJob, "MissingJob", $"Active job went missing: {reference.Name}");
                active.Remove(reference);
                changed = true;
            }
        }
        cronJob.Status.Active = active.Count == 0 ? null : active;
        return changed;
    }

    /// <summary>Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit and failedJobsHistoryLimit.</summary>
    private async Task<bool> CleanUpFinishedJobsAsync(V1CronJob cronJob, List<V1Job> jobs, CancellationToken cancellationToken)
    {
        var changed = false;
        foreach (var (type, limit) in new[] { ("Complete", cronJob.Spec.SuccessfulJobsHistoryLimit), ("Failed", cronJob.Spec.FailedJobsHistoryLimit) })
        {
            if (limit is not { } keep)
            {
                continue;
            }
            var finished = jobs.Where(j => ScheduledJobs.Finished(j) == type).ToList();
            foreach (var job in ScheduledJobs.OldestFirst(finished).Take(Math.Max(0, finished.Count - keep)).ToList())
            {
                changed |= await TryDeleteJobAsync(cronJob, job, cancellationToken);
            }
        }
        return changed;
    }

    private async Task DeleteJobAsync(V1CronJob cronJob, V1Job job, CancellationToken cancellationToken)
    {
        if (!await TryDeleteJobAsync(cronJob, job, cancellationToken))
        {
            throw new InvalidOperationException($"could not replace job {job.Metadata.NamespaceProperty}/{job.Metadata.Name}");
        }
    }

    /// <summary>Deletes a Job and its pods (background propagation) and drops it from status.active.</summary>
    private async Task<bool> TryDeleteJobAsync(V1CronJob cronJob, V1Job job, CancellationToken cancellationToken)
    {
        try
        {
            await _jobClient.DeleteAsync(job.Metadata.NamespaceProperty, job.Metadata.Name, cancellationToken, new V1DeleteOptions { PropagationPolicy = "Background" });
        }
        catch (ApiStatusException failed)
        {
            _events.Warning(KubeResources.CronJobs, cronJob, "FailedDelete", $"Deleted job: {failed.Message}");
            LogDeleteFailed(failed, job.Metadata.Name, ObjectKey.Of(cronJob));
            return false;
        }
        if (cronJob.Status.Active is { } active)
        {
            var left = active.Where(a => a.Uid != job.Metadata.Uid).ToList();
            cronJob.Status.Active = left.Count == 0 ? null : left;
        }
        _events.Normal(KubeResources.CronJobs, cronJob, "SuccessfulDelete", $"Deleted job {job.Metadata.Name}");
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "cronjob {CronJob}: unparseable schedule: {Error}")]
    private partial void LogUnparseable(string cronJob, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "deleting job {Job} of cronjob {CronJob} failed")]
    private partial void LogDeleteFailed(Exception ex, string job, string cronJob);
}
