using Berth.Agent.Pods;
using Berth.Client.Events;
using Berth.Client.Rest;
using Berth.Engine.Containers;
using k8s.Models;

namespace Berth.Agent.Probes;

/// <summary>
/// Runs one probe of a container with the prober its handler asks for (exec, httpGet, tcpSocket, grpc)
/// and records kube's Warning <c>Unhealthy</c> event when it fails ("Liveness probe failed: …") or
/// cannot be run ("… probe errored: …").
/// </summary>
public sealed class Prober(ExecProber exec, HttpProber http, TcpProber tcp, GrpcProber grpc, EventRecorder events)
{
    public async Task<ProbeResult> ProbeAsync(ProbeType type, V1Probe probe, ProbeTarget target, CancellationToken cancellationToken)
    {
        var outcome = await RunAsync(probe, target, cancellationToken);
        if (outcome.Result == ProbeResult.Failure)
        {
            events.Warning(KubeResources.Pods, target.Pod, "Unhealthy", $"{type} probe failed: {outcome.Output}");
        }
        else if (outcome.Result == ProbeResult.Unknown)
        {
            events.Warning(KubeResources.Pods, target.Pod, "Unhealthy", $"{type} probe errored: {outcome.Output}");
        }
        return outcome.Result;
    }

    private Task<ProbeOutcome> RunAsync(V1Probe probe, ProbeTarget target, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(probe.TimeoutSeconds ?? 1, 1));
        var container = target.Container;
        if (probe.Exec is { } action)
        {
            // Only the container's literal env values expand in the command (kube's ExpandContainerCommandOnlyStatic).
            var env = (container.Env ?? []).Where(e => e.ValueFrom is null).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.Last().Value ?? "");
            var command = (action.Command ?? []).Select(c => VariableExpansion.Expand(c, name => env.GetValueOrDefault(name))).ToList();
            return exec.ProbeAsync(target.Record, command, timeout, cancellationToken);
        }
        if (probe.HttpGet is { } get)
        {
            return ProbePort.Resolve(get.Port, container, out var error) is { } port
                ? http.ProbeAsync(HttpProber.UrlOf(get, target.PodIp, port), get.HttpHeaders, timeout, cancellationToken)
                : Task.FromResult(ProbeOutcome.Errored(error));
        }
        if (probe.TcpSocket is { } socket)
        {
            return ProbePort.Resolve(socket.Port, container, out var error) is { } port
                ? tcp.ProbeAsync(string.IsNullOrEmpty(socket.Host) ? target.PodIp : socket.Host, port, timeout, cancellationToken)
                : Task.FromResult(ProbeOutcome.Errored(error));
        }
        if (probe.Grpc is { } check)
        {
            return grpc.ProbeAsync(target.PodIp, check.Port, check.Service ?? "", timeout, cancellationToken);
        }
        return Task.FromResult(ProbeOutcome.Errored("missing probe handler"));
    }
}
