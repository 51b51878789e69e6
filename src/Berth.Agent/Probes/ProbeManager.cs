using System.Collections.Concurrent;
using Berth.Agent.Pods;
using Berth.Engine.Containers;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Probes;

/// <summary>
/// The probes of every pod on this node (kubelet's prober manager): one <see cref="ProbeWorker"/> per
/// container and probe, told of the container's current run at each pod sync, and the results by
/// container id that the pod worker reads — started and ready for the status, a failed liveness or
/// startup probe to kill the container. A changed result asks for the pod to be synced again.
/// </summary>
public sealed class ProbeManager(Prober prober, TimeProvider time, ILogger<ProbeManager> logger) : IDisposable
{
    private readonly ConcurrentDictionary<(string PodUid, string Container, ProbeType Type), ProbeWorker> _workers = new();
    private readonly ConcurrentDictionary<(string ContainerId, ProbeType Type), ProbeResult> _results = new();

    /// <summary>Raised with a pod's uid when one of its probe results changed.</summary>
    public event Action<string>? ResultChanged;

    /// <summary>Starts the workers the pod's probes need, and tells each its container's latest run.</summary>
    public void Update(V1Pod pod, string podIp, IReadOnlyList<PodContainer> containers)
    {
        foreach (var container in PodContainerKinds.LongRunning(pod))
        {
            var latest = containers.Where(c => c.Name.Container == container.Name).MaxBy(c => c.Name.Attempt);
            var target = latest is null ? null : new ProbeTarget(pod, container, latest.Record, podIp);
            foreach (var (type, probe) in ProbesOf(container))
            {
                _workers.GetOrAdd((pod.Metadata.Uid, container.Name, type), _ => new ProbeWorker(this, prober, type, probe, time, logger)).Update(target);
            }
        }
    }

    /// <summary>Stops the pod's workers and forgets their results (the pod is finished or gone).</summary>
    public void Remove(string podUid)
    {
        foreach (var key in _workers.Keys.Where(k => k.PodUid == podUid))
        {
            if (_workers.TryRemove(key, out var worker))
            {
                worker.Dispose();
            }
        }
    }

    /// <summary>Started and ready for each running sidecar and app container of the pod, by container name.</summary>
    public Dictionary<string, ContainerHealth> HealthOf(V1Pod pod, IReadOnlyList<PodContainer> containers)
    {
        var health = new Dictionary<string, ContainerHealth>(StringComparer.Ordinal);
        foreach (var container in PodContainerKinds.LongRunning(pod))
        {
            if (containers.Where(c => c.Name.Container == container.Name).MaxBy(c => c.Name.Attempt) is { Record.Status: ContainerStatus.Running or ContainerStatus.Paused } latest)
            {
                var started = IsStarted(pod.Metadata.Uid, container.Name, latest.Record.Id);
                var ready = started && (!_workers.ContainsKey((pod.Metadata.Uid, container.Name, ProbeType.Readiness))
                    || _results.GetValueOrDefault((latest.Record.Id, ProbeType.Readiness), ProbeResult.Failure) == ProbeResult.Success);
                health[container.Name] = new ContainerHealth(started, ready);
            }
        }
        return health;
    }

    /// <summary>The probe whose failure means this container run must be killed (liveness or startup), or null.</summary>
    public ProbeType? FailedProbe(string containerId) =>
        _results.GetValueOrDefault((containerId, ProbeType.Liveness)) == ProbeResult.Failure ? ProbeType.Liveness
        : _results.GetValueOrDefault((containerId, ProbeType.Startup)) == ProbeResult.Failure ? ProbeType.Startup
        : null;

    /// <summary>Whether the container has started: it has no startup probe, or the probe has passed for this run.</summary>
    public bool IsStarted(string podUid, string container, string containerId) =>
        !_workers.ContainsKey((podUid, container, ProbeType.Startup))
        || _results.GetValueOrDefault((containerId, ProbeType.Startup), ProbeResult.Unknown) == ProbeResult.Success;

    /// <summary>Whether this container run's startup probe has passed (a sidecar with one holds back the containers after it until then).</summary>
    public bool StartupPassed(string containerId) => _results.GetValueOrDefault((containerId, ProbeType.Startup), ProbeResult.Unknown) == ProbeResult.Success;

    internal void Set(string podUid, string containerId, ProbeType type, ProbeResult result)
    {
        var before = _results.GetValueOrDefault((containerId, type), ProbeResult.Unknown);
        _results[(containerId, type)] = result;
        if (before != result)
        {
            ResultChanged?.Invoke(podUid);
        }
    }

    internal void Forget(string containerId, ProbeType type) => _results.TryRemove((containerId, type), out _);

    private static IEnumerable<(ProbeType, V1Probe)> ProbesOf(V1Container container)
    {
        if (container.StartupProbe is { } startup)
        {
            yield return (ProbeType.Startup, startup);
        }
        if (container.LivenessProbe is { } liveness)
        {
            yield return (ProbeType.Liveness, liveness);
        }
        if (container.ReadinessProbe is { } readiness)
        {
            yield return (ProbeType.Readiness, readiness);
        }
    }

    public void Dispose()
    {
        foreach (var worker in _workers.Values)
        {
            worker.Dispose();
        }
        _workers.Clear();
    }
}
