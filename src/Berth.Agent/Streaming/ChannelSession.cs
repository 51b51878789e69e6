using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Berth.Engine.Runtime;
using Microsoft.AspNetCore.Http;

namespace Berth.Agent.Streaming;

/// <summary>
/// One exec or attach session over the channel protocol: the client's stdin (when asked for) and
/// terminal sizes (with a tty), the channels back, and <see cref="ClientGone"/>, which fires when the
/// client closed the socket. <see cref="ServeAsync"/> accepts the WebSocket, runs the session and
/// sends the Status it ends with.
/// </summary>
public sealed class ChannelSession
{
    private static readonly string[] Protocols = [ChannelWebSocket.V5, ChannelWebSocket.V4];
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    private ChannelSession(ChannelWebSocket channels, PipeReader? stdin, ChannelReader<TerminalSize>? sizes, CancellationToken clientGone)
    {
        Channels = channels;
        Stdin = stdin;
        Sizes = sizes;
        ClientGone = clientGone;
    }

    public ChannelWebSocket Channels { get; }

    public PipeReader? Stdin { get; }

    public ChannelReader<TerminalSize>? Sizes { get; }

    public CancellationToken ClientGone { get; }

    /// <summary>kubelet's refusal of a request that is no channel-protocol WebSocket; null when it is one.</summary>
    public static string? Protocol(HttpContext context) =>
        context.WebSockets.IsWebSocketRequest ? Protocols.FirstOrDefault(context.WebSockets.WebSocketRequestedProtocols.Contains) : null;

    public static async Task ServeAsync(HttpContext context, string operation, Func<ChannelSession, Task<JsonObject>> run)
    {
        var protocol = Protocol(context)
            ?? throw StreamingError.BadRequest($"{operation} needs a WebSocket upgrade with the {ChannelWebSocket.V5} or {ChannelWebSocket.V4} protocol (SPDY is not supported)");
        var stdin = ContainerLogQuery.Flag(context.Request.Query, "stdin");
        var tty = ContainerLogQuery.Flag(context.Request.Query, "tty");
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol);
        var channels = new ChannelWebSocket(socket, protocol == ChannelWebSocket.V5);
        var input = stdin ? new Pipe() : null;
        var sizes = tty ? Channel.CreateUnbounded<TerminalSize>() : null;
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        // The reader runs until the client answers the final close: cancelling a pending receive would abort
        // the socket, and the reset could overtake the Status on its way to the client.
        var reading = ReadThenSignalAsync(channels, input?.Writer, sizes?.Writer, clientGone, context.RequestAborted);
        try
        {
            var status = await run(new ChannelSession(channels, input?.Reader, sizes?.Reader, clientGone.Token));
            await channels.FinishAsync(status, context.RequestAborted);
            await reading.WaitAsync(CloseWait, context.RequestAborted);
        }
        catch (TimeoutException)
        {
            // A client that does not answer the close is cut off.
            socket.Abort();
        }
        finally
        {
            await reading;
        }
    }

    private static async Task ReadThenSignalAsync(
        ChannelWebSocket channels, PipeWriter? stdin, ChannelWriter<TerminalSize>? sizes, CancellationTokenSource clientGone, CancellationToken cancellationToken)
    {
        await channels.ReadAsync(stdin, sizes, cancellationToken);
        await clientGone.CancelAsync();
    }
}
