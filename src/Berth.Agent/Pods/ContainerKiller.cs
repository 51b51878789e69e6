using Berth.Agent.Hooks;
using Berth.Agent.Probes;
using Berth.Client.Events;
using Berth.Client.Rest;
using Berth.Engine.Containers;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Pods;

/// <summary>
/// kubelet's killContainer: the Killing event, the container's preStop hook within the grace
/// period, then the stop signal with what is left of it (never under kube's 2 s minimum), then SIGKILL.
/// </summary>
public sealed partial class ContainerKiller(ContainerLifecycle engine, LifecycleHookRunner hooks, EventRecorder events, TimeProvider time, ILogger<ContainerKiller> logger)
{
    /// <summary>kube's minimumGracePeriodInSeconds: a container always gets this long after SIGTERM, whatever its preStop took.</summary>
    public static readonly TimeSpan MinimumGrace = TimeSpan.FromSeconds(2);

    /// <summary>Stops <paramref name="run"/> of <paramref name="container"/>; <paramref name="message"/> is the Killing event's (kube's default "Stopping container NAME").</summary>
    public async Task KillAsync(V1Pod pod, V1Container? container, PodContainer run, TimeSpan grace, string? message, CancellationToken cancellationToken)
    {
        events.Normal(KubeResources.Pods, pod, "Killing", message ?? $"Stopping container {run.Name.Container}");
        if (container?.Lifecycle?.PreStop is { } preStop && grace > TimeSpan.Zero && run.Record.Status is ContainerStatus.Running)
        {
            var started = time.GetTimestamp();
            await RunPreStopAsync(pod, container, run, preStop, grace, cancellationToken);
            grace = StopGrace(grace, time.GetElapsedTime(started));
        }
        await engine.StopAsync(run.Record, grace, cancellationToken);
    }

    /// <summary>The grace left for the stop signal after a preStop hook took <paramref name="hookTook"/> (whole seconds, as kube counts), at least <see cref="MinimumGrace"/>.</summary>
    public static TimeSpan StopGrace(TimeSpan grace, TimeSpan hookTook)
    {
        var left = TimeSpan.FromSeconds(Math.Floor(grace.TotalSeconds) - Math.Floor(hookTook.TotalSeconds));
        return left < MinimumGrace ? MinimumGrace : left;
    }

    private async Task RunPreStopAsync(V1Pod pod, V1Container container, PodContainer run, V1LifecycleHandler preStop, TimeSpan grace, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(grace, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var target = new ProbeTarget(pod, container, run.Record, pod.Status?.PodIP ?? "");
        if (await hooks.RunAsync(target, preStop, deadline.Token) is { } failure)
        {
            LogPreStopFailed(pod.Metadata.NamespaceProperty, pod.Metadata.Name, container.Name, failure);
            // kube keeps the hook's output (maybe secrets) out of the event.
            events.Warning(KubeResources.Pods, pod, "FailedPreStopHook", "PreStopHook failed");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod {Namespace}/{Pod}: preStop hook of container {Container} failed: {Failure}")]
    private partial void LogPreStopFailed(string @namespace, string pod, string container, string failure);
}
