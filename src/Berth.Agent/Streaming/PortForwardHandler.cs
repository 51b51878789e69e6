using System.Globalization;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Berth.Agent.Pods;
using Berth.Agent.Streaming.Spdy;
using Berth.Engine.Containers;
using Berth.Engine.Network;
using Berth.Engine.Runtime;
using Microsoft.AspNetCore.Http;

namespace Berth.Agent.Streaming;

/// <summary>
/// kubelet's <c>/portForward/NAMESPACE/POD</c>: a SPDY/3.1 connection tunnelled in WebSocket binary
/// messages (<c>SPDY/3.1+portforward.k8s.io</c>, what kubectl 1.30+ asks for first). Each forwarded
/// connection is a pair of streams with one requestID; once both are there the port is dialled on
/// the pod's localhost (inside its network namespace) and bytes flow until both sides are done. A
/// failure is written on the error stream in kubelet's words, which kubectl prints.
/// </summary>
public sealed class PortForwardHandler(PodContainerRuns runs, TimeProvider time)
{
    public const string TunnelProtocol = "SPDY/3.1+portforward.k8s.io";

    /// <summary>
    /// The same tunnel as the API server asks for it: .NET's WebSocket client refuses a protocol name with a
    /// '/' (not an HTTP token), so it offers kube's inner protocol name instead.
    /// </summary>
    public const string RelayProtocol = "portforward.k8s.io";

    /// <summary>kubelet's streamCreationTimeout: a pair whose second stream does not come in this time is given up.</summary>
    private static readonly TimeSpan StreamCreationTimeout = TimeSpan.FromSeconds(30);

    public async Task ServeAsync(HttpContext context, string @namespace, string pod)
    {
        var protocol = new[] { TunnelProtocol, RelayProtocol }.FirstOrDefault(context.WebSockets.WebSocketRequestedProtocols.Contains);
        if (!context.WebSockets.IsWebSocketRequest || protocol is null)
        {
            throw StreamingError.BadRequest($"port-forward needs a WebSocket upgrade with the {TunnelProtocol} protocol");
        }
        var sandbox = runs.FindPod(@namespace, pod).FirstOrDefault(r => r.Status == ContainerStatus.Running)
            ?? throw StreamingError.NotFound("pod does not exist");
        var target = new PodTarget(PodContainerName.TryParse(sandbox.Name)!.PodUid, sandbox.Network == NetworkMode.Host ? null : sandbox.PodNetwork?.NamespacePath);
        if (protocol == TunnelProtocol)
        {
            // Kestrel refuses to name a protocol with a '/' (not an HTTP token) itself: the header is set beforehand.
            context.Response.Headers.SecWebSocketProtocol = protocol;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol == TunnelProtocol ? null : protocol);
        await using var transport = WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: false);
        using var connection = new SpdyConnection(transport);
        var forwards = new List<Task>();
        var pairs = new Dictionary<string, PortForwardPair>(StringComparer.Ordinal);
        try
        {
            await connection.RunAsync(stream => forwards.Add(AcceptAsync(stream, pairs, target, context.RequestAborted)), context.RequestAborted);
        }
        catch (Exception e) when (e is SpdyProtocolException or WebSocketException or IOException or OperationCanceledException)
        {
            // The client broke the protocol or went away: its streams were aborted with the connection.
        }
        await Task.WhenAll(forwards);
        if (socket.State == WebSocketState.Open || socket.State == WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }

    /// <summary>Replies to (or refuses) a stream, pairs it, and forwards once its pair is whole.</summary>
    private async Task AcceptAsync(SpdyStream stream, Dictionary<string, PortForwardPair> pairs, PodTarget target, CancellationToken cancellationToken)
    {
        try
        {
            if (Refusal(stream) is not null)
            {
                await stream.ResetAsync(SpdyRstStreamFrame.RefusedStream, cancellationToken);
                return;
            }
            await stream.ReplyAsync(cancellationToken);
            var requestId = stream.Header("requestid");
            PortForwardPair pair;
            bool created;
            lock (pairs)
            {
                created = !pairs.TryGetValue(requestId, out pair!);
                if (created)
                {
                    pair = new PortForwardPair(requestId);
                    pairs[requestId] = pair;
                }
            }
            if (pair.Add(stream) is { } problem)
            {
                await WriteErrorAsync(pair.Error, $"error processing stream for request {requestId}: {problem}", cancellationToken);
                return;
            }
            if (!created)
            {
                return;
            }
            try
            {
                await pair.Complete.WaitAsync(StreamCreationTimeout, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                await WriteErrorAsync(pair.Error, $"(conn=berth, request={requestId}) timed out waiting for streams", cancellationToken);
                return;
            }
            finally
            {
                lock (pairs)
                {
                    pairs.Remove(requestId);
                }
            }
            await ForwardAsync(pair, target, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or WebSocketException or ObjectDisposedException)
        {
            // The connection ended under this stream.
        }
    }

    /// <summary>kubelet's checks of a new stream's headers; null when it is acceptable.</summary>
    internal static string? Refusal(SpdyStream stream)
    {
        var port = stream.Header("port");
        if (port.Length == 0)
        {
            return "\"port\" header is required";
        }
        if (!ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return $"unable to parse \"{port}\" as a port";
        }
        return stream.Header("streamtype") switch
        {
            "" => "\"streamType\" header is required",
            PortForwardPair.ErrorType or PortForwardPair.DataType => null,
            var other => $"invalid stream type \"{other}\"",
        };
    }

    private static async Task ForwardAsync(PortForwardPair pair, PodTarget target, CancellationToken cancellationToken)
    {
        var data = pair.Data!;
        var error = pair.Error!;
        var port = int.Parse(data.Header("port"), CultureInfo.InvariantCulture);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, data.Aborted);
        try
        {
            Socket socket;
            try
            {
                socket = await NamespaceDialer.ConnectLoopbackAsync(target.NamespacePath, port, aborted.Token);
            }
            catch (NamespaceDialException e)
            {
                // containerd's wording inside kubelet's, with the pod's uid for the sandbox id.
                await WriteErrorAsync(error, $"error forwarding port {port} to pod {target.PodUid}, uid : failed to execute portforward in network namespace \"{target.NamespacePath ?? "host"}\": failed to connect to localhost:{port} inside namespace \"{target.PodUid}\", {e.Message} ", aborted.Token);
                return;
            }
            using (socket)
            {
                var up = CopyToSocketAsync(data.Input, socket, aborted.Token);
                await CopyFromSocketAsync(socket, data, aborted.Token);
                // The pod's side ended: kubectl waits for both streams' FIN; its own half may stay open a while.
                await error.CloseWriteAsync(aborted.Token);
                await up;
            }
        }
        finally
        {
            await data.CloseWriteAsync(CancellationToken.None).ConfigureAwait(false);
            await error.CloseWriteAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task CopyToSocketAsync(PipeReader input, Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken);
                foreach (var segment in result.Buffer)
                {
                    await socket.SendAsync(segment, SocketFlags.None, cancellationToken);
                }
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    // kubectl's local connection closed its sending half: so does ours.
                    socket.Shutdown(SocketShutdown.Send);
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The stream was reset or the connection ended.
        }
    }

    private static async Task CopyFromSocketAsync(Socket socket, SpdyStream data, CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                await data.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (SocketException)
        {
            // A reset by the pod ends the connection as its close does.
        }
        await data.CloseWriteAsync(cancellationToken);
    }

    private static async Task WriteErrorAsync(SpdyStream? error, string message, CancellationToken cancellationToken)
    {
        if (error is not null)
        {
            await error.WriteAsync(Encoding.UTF8.GetBytes(message), cancellationToken);
            await error.CloseWriteAsync(cancellationToken);
        }
    }

    /// <summary>Where the pod's ports are: its uid and network namespace (null: the host's, for hostNetwork pods).</summary>
    private sealed record PodTarget(string PodUid, string? NamespacePath);
}
