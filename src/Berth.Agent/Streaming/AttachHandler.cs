using System.Net.Sockets;
using System.Text.Json.Nodes;
using Berth.Engine.Containers;
using Berth.Engine.Runtime;
using Berth.Engine.Runtime.Shim;
using Microsoft.AspNetCore.Http;

namespace Berth.Agent.Streaming;

/// <summary>
/// kubelet's <c>/attach/NAMESPACE/POD/CONTAINER?stdin=…&amp;stdout=…&amp;stderr=…&amp;tty=…</c> over the
/// channel protocol: the running container's own stdio through its shim's attach socket, until the
/// container exits or the client leaves. Stdin reaches the container only when its spec has
/// stdin: true (as containerd drops it otherwise); its terminal, when it has one, follows the client's size.
/// </summary>
public sealed class AttachHandler(ContainerStore containers, PodContainerRuns runs)
{
    private static readonly TimeSpan FirstSizePatience = TimeSpan.FromSeconds(5);

    public Task ServeAsync(HttpContext context, string @namespace, string pod, string container)
    {
        var query = context.Request.Query;
        return ChannelSession.ServeAsync(context, "attach", session => RunAsync(session, @namespace, pod, container,
            ContainerLogQuery.Flag(query, "stdout"), ContainerLogQuery.Flag(query, "stderr")));
    }

    private async Task<JsonObject> RunAsync(ChannelSession session, string @namespace, string pod, string container, bool stdout, bool stderr)
    {
        var record = runs.Find(@namespace, pod, container).FirstOrDefault(r => r.Status == ContainerStatus.Running);
        if (record is null)
        {
            return StreamingError.BadRequest($"container not found (\"{container}\")").ToStatus();
        }
        AttachSession attach;
        try
        {
            attach = await AttachSession.ConnectAsync(record.Id, session.ClientGone);
        }
        catch (SocketException e)
        {
            return StreamingError.Internal($"error attaching to container: {e.Message}").ToStatus();
        }
        using (attach)
        using (var done = CancellationTokenSource.CreateLinkedTokenSource(session.ClientGone))
        {
            var sized = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var sizes = session.Sizes is { } queue && record.Terminal ? FollowSizesAsync(record, queue.ReadAllAsync(done.Token), sized) : Task.CompletedTask;
            var input = session.Stdin is { } stdin && record.Interactive
                ? CopyInputOnceSizedAsync(attach, stdin.AsStream(), record.Terminal ? sized.Task : Task.CompletedTask, done.Token)
                : Task.CompletedTask;
            try
            {
                // With a terminal, stderr is the terminal: kube sends no stderr channel then.
                await attach.CopyOutputAsync(
                    stdout ? session.Channels.Output(ChannelWebSocket.Stdout) : Stream.Null,
                    stderr && !record.Terminal ? session.Channels.Output(ChannelWebSocket.Stderr) : Stream.Null,
                    session.ClientGone);
            }
            catch (OperationCanceledException)
            {
                // The client detached; the container runs on.
            }
            // The container exited (or the client left): its stdin and resizes are of no use any more.
            await done.CancelAsync();
            await Task.WhenAll(Quietly(input), Quietly(sizes));
            return ChannelWebSocket.Success();
        }
    }

    private async Task FollowSizesAsync(ContainerRecord record, IAsyncEnumerable<TerminalSize> sizes, TaskCompletionSource sized)
    {
        try
        {
            await foreach (var size in sizes)
            {
                ConmonShim.ResizeTerminal(containers.PathsOf(record.Id).Directory, size.Rows, size.Columns);
                sized.TrySetResult();
            }
        }
        finally
        {
            sized.TrySetResult();
        }
    }

    /// <summary>
    /// kubectl sends the terminal's size and the first keys on separate streams, in either order: a
    /// shell that read those keys before the resize would answer at the old size. So keys wait for the
    /// first size, or a few seconds when a client sends none (kubectl always does, but on a loaded machine
    /// its first size can come more than a second after its first keys).
    /// </summary>
    private static async Task CopyInputOnceSizedAsync(AttachSession attach, Stream stdin, Task sized, CancellationToken cancellationToken)
    {
        await Task.WhenAny(sized, Task.Delay(FirstSizePatience, cancellationToken));
        await attach.CopyInputAsync(stdin, cancellationToken);
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The session is over: what is left of stdin or resizes is dropped.
        }
    }
}
