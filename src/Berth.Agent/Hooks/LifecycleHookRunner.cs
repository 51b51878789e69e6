using System.Text;
using Berth.Agent.Probes;
using Berth.Engine;
using Berth.Engine.Containers;
using Berth.Engine.Runtime;
using k8s.Models;

namespace Berth.Agent.Hooks;

/// <summary>
/// Runs a container's postStart or preStop handler (kubelet's handlerRunner): exec in the container
/// (no timeout of its own), httpGet against the pod's address (any response succeeds, only a request
/// that gets none fails), or sleep. Returns null on success, else kube's failure message.
/// </summary>
public sealed class LifecycleHookRunner(ContainerLifecycle containers, HttpProber http, TimeProvider time)
{
    private const int MaxOutput = 10 * 1024;

    public Task<string?> RunAsync(ProbeTarget target, V1LifecycleHandler handler, CancellationToken cancellationToken)
    {
        if (handler.Exec is { } exec)
        {
            return ExecAsync(target, [.. exec.Command ?? []], cancellationToken);
        }
        if (handler.HttpGet is { } get)
        {
            return HttpAsync(target, get, cancellationToken);
        }
        if (handler.Sleep is { } sleep)
        {
            return SleepAsync(target, sleep.Seconds, cancellationToken);
        }
        return Task.FromResult<string?>(HookFailure.Invalid());
    }

    private async Task<string?> ExecAsync(ProbeTarget target, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        ExecResult result;
        try
        {
            result = await containers.ExecAsync(target.Record, new ExecOptions(command), new ExecStreams(null, stdout, stderr), cancellationToken);
        }
        catch (BerthException e)
        {
            return HookFailure.ExecError(target.Pod, target.Container, command, e.Message);
        }
        if (result.ExitCode == 0)
        {
            return null;
        }
        var error = Text(stderr) + result.RuntimeError;
        return HookFailure.Exec(target.Pod, target.Container, command, result.ExitCode, error, Text(stdout) + error);
    }

    private async Task<string?> HttpAsync(ProbeTarget target, V1HTTPGetAction get, CancellationToken cancellationToken)
    {
        if (ProbePort.Resolve(get.Port, target.Container, out var portError) is not { } port)
        {
            return HookFailure.Http(target.Pod, target.Container, get.Path, portError);
        }
        return await http.HookAsync(HttpProber.UrlOf(get, target.PodIp, port), get.HttpHeaders, cancellationToken) is { } error
            ? HookFailure.Http(target.Pod, target.Container, get.Path, error)
            : null;
    }

    private async Task<string?> SleepAsync(ProbeTarget target, long seconds, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), time, cancellationToken);
            return null;
        }
        catch (OperationCanceledException)
        {
            return HookFailure.Sleep(target.Pod, target.Container, seconds);
        }
    }

    private static string Text(MemoryStream stream) => Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)Math.Min(stream.Length, MaxOutput));
}
