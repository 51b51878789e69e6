using System.Text;
using Berth.Engine;
using Berth.Engine.Containers;
using Berth.Engine.Runtime;

namespace Berth.Agent.Probes;

/// <summary>
/// An exec probe: the command runs in the container (as `berth exec` would) and succeeds when it
/// exits 0; its combined output, at most 10 KiB, is what the event shows. A command still running
/// after timeoutSeconds fails the probe, as kubelet does since ExecProbeTimeout.
/// </summary>
public sealed class ExecProber(ContainerLifecycle containers)
{
    private const int MaxOutput = 10 * 1024;

    public async Task<ProbeOutcome> ProbeAsync(ContainerRecord container, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // stdout and stderr are pumped concurrently into one buffer.
        using var buffer = new MemoryStream();
        using var output = Stream.Synchronized(buffer);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        ExecResult result;
        try
        {
            result = await containers.ExecAsync(container, new ExecOptions(command), new ExecStreams(null, output, output), deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"command \"{string.Join(' ', command)}\" timed out");
        }
        catch (BerthException e)
        {
            return ProbeOutcome.Errored(e.Message);
        }
        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)Math.Min(buffer.Length, MaxOutput));
        if (result.RuntimeError is { } error)
        {
            text += error;
        }
        return result.ExitCode == 0 ? ProbeOutcome.Success(text) : ProbeOutcome.Failure(text);
    }
}
