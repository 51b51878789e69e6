using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Berth.Engine;
using Berth.Engine.Containers;
using Berth.Engine.Runtime;
using Microsoft.AspNetCore.Http;

namespace Berth.Agent.Streaming;

/// <summary>
/// kubelet's <c>GET /exec/NAMESPACE/POD/CONTAINER?command=…&amp;stdin=…&amp;stdout=…&amp;stderr=…&amp;tty=…</c>
/// over a WebSocket with the channel protocol: the command runs in the container's current run, its
/// output streams back as it comes, and the final Status carries its exit code.
/// </summary>
public sealed class ExecHandler(ContainerEngine engine, PodContainerRuns runs)
{
    public async Task ServeAsync(HttpContext context, string @namespace, string pod, string container)
    {
        var query = context.Request.Query;
        List<string> command = [.. query["command"].OfType<string>()];
        if (command.Count == 0 && ChannelSession.Protocol(context) is not null)
        {
            throw StreamingError.BadRequest("you must specify at least 1 command");
        }
        await ChannelSession.ServeAsync(context, "exec", session => RunAsync(session.Channels, @namespace, pod, container, command, session.Stdin, session.Sizes,
            ContainerLogQuery.Flag(query, "stdout"), ContainerLogQuery.Flag(query, "stderr"), context.RequestAborted));
    }

    private async Task<JsonObject> RunAsync(
        ChannelWebSocket channels, string @namespace, string pod, string container, List<string> command,
        PipeReader? stdin, ChannelReader<TerminalSize>? sizes, bool stdout, bool stderr, CancellationToken cancellationToken)
    {
        var record = runs.Find(@namespace, pod, container).FirstOrDefault(r => r.Status == ContainerStatus.Running);
        if (record is null)
        {
            return StreamingError.BadRequest($"container not found (\"{container}\")").ToStatus();
        }
        try
        {
            var tty = sizes is not null;
            var result = await engine.Lifecycle.ExecAsync(record, new ExecOptions(command) { Interactive = stdin is not null, Tty = tty }, new ExecStreams(
                stdin?.AsStream(),
                stdout ? channels.Output(ChannelWebSocket.Stdout) : Stream.Null,
                // With a terminal, stderr is the terminal: kube sends no stderr channel then.
                stderr && !tty ? channels.Output(ChannelWebSocket.Stderr) : Stream.Null)
            {
                TerminalSizes = sizes?.ReadAllAsync(cancellationToken),
            }, cancellationToken);
            return result switch
            {
                { RuntimeError: { } error } => StreamingError.Internal($"error executing command in container: {error}").ToStatus(),
                { ExitCode: 0 } => ChannelWebSocket.Success(),
                _ => ChannelWebSocket.NonZeroExit(command, result.ExitCode),
            };
        }
        catch (BerthException e)
        {
            return StreamingError.Internal($"error executing command in container: {e.Message}").ToStatus();
        }
        catch (WebSocketException)
        {
            return ChannelWebSocket.Success();
        }
        finally
        {
            // Stdin that comes after the command ended is dropped.
            if (stdin is not null)
            {
                await stdin.CompleteAsync();
            }
        }
    }
}
