using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using Berth.Scheduler.Algorithm;
using Berth.Scheduler.Cache;
using Berth.Scheduler.Framework;
using Berth.Scheduler.Plugins.VolumeBinding;
using Berth.Scheduler.Preemption;
using Berth.Scheduler.Queue;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Scheduler.Service;

/// <summary>
/// kube-scheduler's scheduleOne loop over one leadership term: pop the most important pending pod,
/// run its scheduling cycle over the cache, assume it on the chosen node and bind it in the
/// background through POST pods/NAME/binding (a Scheduled event); when nothing fits, try
/// preemption, write PodScheduled=False with kube's message, record a FailedScheduling event and
/// park the pod until a cluster change may help. Everything goes through the API.
/// </summary>
public sealed partial class PodScheduler
{
    private readonly SchedulerOptions _options;
    private readonly InformerFactory _informers;
    private readonly ResourceClient<V1Pod, V1PodList> _pods;
    private readonly EventRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SchedulerCache _cache = new();
    private readonly SchedulingQueue _queue;
    private readonly SchedulingAlgorithm _algorithm;
    private readonly PreemptionEvaluator _preemption;
    private readonly PodStatusWriter _status;
    private readonly VolumePreBinder _volumes;
    private readonly SemaphoreSlim _writes;
    private readonly HashSet<Task> _inFlight = [];

    public PodScheduler(InformerFactory informers, EventRecorder recorder, SchedulerOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _options = options;
        _informers = informers;
        _pods = informers.Client.For(KubeResources.Pods);
        _recorder = recorder;
        _time = time;
        _logger = loggerFactory.CreateLogger<PodScheduler>();
        _queue = new SchedulingQueue(options, time);
        _algorithm = new SchedulingAlgorithm(Profile.Default(options.ScoringStrategy), options);
        _preemption = new PreemptionEvaluator(_algorithm, time);
        _status = new PodStatusWriter(_pods, time);
        _volumes = new VolumePreBinder(informers.Client);
        _writes = new SemaphoreSlim(options.MaxConcurrentBindings);
        new ClusterEventHandlers(_cache, _queue, options.SchedulerName).Register(informers);
    }

    /// <summary>Pods waiting in each place of the queue (for tests and benchmarks).</summary>
    public (int Active, int Backoff, int Unschedulable, int InFlight) QueueCounts => _queue.Counts;

    /// <summary>Schedules until cancelled: informers first, then one pod at a time; waits for the writes in flight before returning.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var informers = _informers.RunAsync(cancellationToken);
        var flushes = _queue.RunFlushesAsync(cancellationToken);
        try
        {
            await _informers.WaitForSyncAsync(cancellationToken);
            LogStarted(_options.SchedulerName);
            using var closing = cancellationToken.Register(_queue.Close);
            while (await _queue.PopAsync(CancellationToken.None) is { } queued)
            {
                await ScheduleOneAsync(queued, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        Task[] pending;
        lock (_inFlight)
        {
            pending = [.. _inFlight];
        }
        await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(informers, flushes).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ScheduleOneAsync(QueuedPod queued, CancellationToken cancellationToken)
    {
        var pod = queued.Pod;
        if (_cache.IsAssumed(pod.Uid))
        {
            _queue.Done(pod.Uid);
            return;
        }
        ScheduleResult result;
        PreemptionResult? preemption;
        try
        {
            (result, preemption) = _cache.Read(snapshot => Cycle(pod, snapshot));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A defect in one pod's cycle must not stop scheduling for every other pod: it backs off.
            LogCycleFailed(ex, pod.Key);
            _queue.Requeue(queued, new HashSet<string>(), error: true);
            return;
        }
        await _writes.WaitAsync(cancellationToken);
        if (result.Node is { } target)
        {
            var decisions = result.State is { } state ? VolumeBindingPlugin.DecisionsFor(state, target) : [];
            Track(BindAsync(queued, pod, target, decisions, cancellationToken));
            return;
        }
        var error = result.FitError is null && !result.NoNodes;
        _queue.Requeue(queued, result.FitError?.Diagnosis.UnschedulablePlugins ?? new HashSet<string>(), error);
        Track(ReportFailureAsync(pod, result, preemption, cancellationToken));
    }

    /// <summary>
    /// The scheduling cycle under the cache lock: the chosen node, where the pod is assumed at once;
    /// or, when nothing fits, preemption's choice, whose node the pod is nominated to.
    /// </summary>
    private (ScheduleResult, PreemptionResult?) Cycle(PodInfo pod, ClusterSnapshot snapshot)
    {
        var result = _algorithm.Schedule(pod, snapshot);
        if (result.Node is { } node)
        {
            _cache.Assume(pod, node);
            return (result, null);
        }
        if (result.FitError is null)
        {
            return (result, null);
        }
        var preemption = _preemption.Preempt(result, snapshot);
        result.FitError.Diagnosis.PostFilterMessage = preemption.Message;
        if (preemption.Chosen is { } chosen)
        {
            snapshot.Nominate(pod, chosen.Node);
        }
        return (result, preemption);
    }

    /// <summary>The binding cycle: the pod's claims first (VolumeBinding's PreBind), then POST the binding; on success a Scheduled event; on failure the pod is forgotten and retried.</summary>
    private async Task BindAsync(QueuedPod queued, PodInfo pod, string node, IReadOnlyList<VolumeDecision> decisions, CancellationToken cancellationToken)
    {
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = pod.Name, NamespaceProperty = pod.Namespace, Uid = pod.Pod.Metadata.Uid },
            Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = node },
        };
        try
        {
            await _volumes.PreBindAsync(decisions, node, cancellationToken);
        }
        catch (Exception ex) when (ex is ApiStatusException or HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // A claim or volume changed under the decision (taken, deleted): schedule again from fresh caches.
            LogBindFailed(ex, pod.Key, node);
            ForgetAssumed(pod);
            _queue.Requeue(queued, new HashSet<string>(), error: true);
            await WriteFailureAsync(pod, "SchedulerError", $"running PreBind plugin \"VolumeBinding\": {ex.Message}", null, cancellationToken);
            return;
        }
        try
        {
            await _pods.PostSubresourceAsync(pod.Namespace, pod.Name, "binding", binding, ModelJsonContext.Default.V1Binding, cancellationToken);
            _queue.Done(pod.Uid);
            _recorder.Normal(KubeResources.Pods, pod.Pod, "Scheduled", $"Successfully assigned {pod.Key} to {node}");
        }
        catch (ApiStatusException gone) when (gone.IsNotFound || gone.IsConflict)
        {
            // Deleted, or bound by someone else: the informer brings what happened.
            ForgetAssumed(pod);
            _queue.Done(pod.Uid);
        }
        catch (Exception ex) when (ex is ApiStatusException or HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            LogBindFailed(ex, pod.Key, node);
            ForgetAssumed(pod);
            _queue.Requeue(queued, new HashSet<string>(), error: true);
            await WriteFailureAsync(pod, "SchedulerError", $"Binding rejected: {ex.Message}", null, cancellationToken);
        }
    }

    private void ForgetAssumed(PodInfo pod)
    {
        if (_cache.Forget(pod.Uid))
        {
            _queue.OnClusterEvent(Queue.ClusterEvent.AssignedPodDelete);
        }
    }

    /// <summary>
    /// kube's handleSchedulingFailure: the victims of a preemption are marked and deleted, then the
    /// pod's PodScheduled=False condition (with its nominated node) and the FailedScheduling event.
    /// </summary>
    private async Task ReportFailureAsync(PodInfo pod, ScheduleResult result, PreemptionResult? preemption, CancellationToken cancellationToken)
    {
        string? nominated = null;
        if (preemption?.Chosen is { } chosen)
        {
            await PreemptAsync(pod, chosen, preemption.NominationsToClear, cancellationToken);
            nominated = chosen.Node;
        }
        else if (preemption?.ClearsNomination == true && pod.NominatedNodeName is not null)
        {
            nominated = "";
        }
        var reason = result.FitError is not null || result.NoNodes ? "Unschedulable" : "SchedulerError";
        await WriteFailureAsync(pod, reason, result.Message, nominated, cancellationToken);
    }

    private async Task WriteFailureAsync(PodInfo pod, string reason, string message, string? nominated, CancellationToken cancellationToken)
    {
        LogUnschedulable(pod.Key, message);
        _recorder.Warning(KubeResources.Pods, pod.Pod, "FailedScheduling", message);
        try
        {
            await _status.MarkUnscheduledAsync(pod.Pod, reason, message, nominated, cancellationToken);
        }
        catch (Exception ex) when (ex is ApiStatusException or HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            LogStatusFailed(ex, pod.Key);
        }
    }

    /// <summary>kube's prepareCandidate: each victim gets the DisruptionTarget condition, a graceful delete and a Preempted event; lower nominations to the node are cleared.</summary>
    private async Task PreemptAsync(PodInfo pod, Candidate chosen, IReadOnlyList<PodInfo> nominationsToClear, CancellationToken cancellationToken)
    {
        foreach (var victim in chosen.Victims)
        {
            try
            {
                await _status.MarkPreemptedAsync(victim.Pod, _options.SchedulerName, cancellationToken);
                await _pods.DeleteAsync(victim.Namespace, victim.Name, cancellationToken, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = victim.Pod.Metadata.Uid } });
                _recorder.Normal(KubeResources.Pods, victim.Pod, "Preempted", $"Preempted by pod {pod.Uid} on node {chosen.Node}");
            }
            catch (ApiStatusException gone) when (gone.IsNotFound || gone.IsConflict)
            {
            }
        }
        foreach (var other in nominationsToClear)
        {
            try
            {
                await _status.ClearNominationAsync(other.Pod, cancellationToken);
            }
            catch (ApiStatusException gone) when (gone.IsNotFound)
            {
            }
        }
    }

    /// <summary>Runs a write in the background (bounded by the slot taken before) and remembers it until it ends.</summary>
    private void Track(Task work)
    {
        var task = work.ContinueWith(t =>
        {
            _writes.Release();
            if (t.Exception is { } ex && !t.IsCanceled)
            {
                LogWriteFailed(ex.GetBaseException());
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        lock (_inFlight)
        {
            _inFlight.Add(task);
        }
        task.ContinueWith(t =>
        {
            lock (_inFlight)
            {
                _inFlight.Remove(t);
            }
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "scheduler {SchedulerName} started")]
    private partial void LogStarted(string schedulerName);

    [LoggerMessage(Level = LogLevel.Debug, Message = "unable to schedule pod {Pod}: {Message}")]
    private partial void LogUnschedulable(string pod, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "scheduling cycle of {Pod} failed")]
    private partial void LogCycleFailed(Exception ex, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "binding {Pod} to {Node} failed")]
    private partial void LogBindFailed(Exception ex, string pod, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not update the status of {Pod}")]
    private partial void LogStatusFailed(Exception ex, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "a scheduler write failed")]
    private partial void LogWriteFailed(Exception ex);
}
