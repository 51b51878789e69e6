using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Berth.ApiServer.Authentication;
using Berth.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Streaming;

/// <summary>
/// Reverse tunnels from joined nodes, so the API server reaches a node's streaming server (logs, exec, attach,
/// port-forward) even where only the node can open connections (k3s' agent tunnel). A node's agent holds a control
/// WebSocket at <see cref="ControlPath"/>; to reach it the server sends <c>dial ID</c> there, and the agent opens a data
/// WebSocket at <see cref="ControlPath"/>/ID that carries the bytes of one TCP connection to its streaming server (the
/// TLS to the kubelet port runs inside, unchanged). One WebSocket per connection: no multiplexer to write or to stall.
/// </summary>
public sealed class NodeTunnels
{
    public const string ControlPath = "/berth/v1/tunnel";

    private const string NodeUserPrefix = "system:node:";
    private const string NodesGroup = "system:nodes";

    /// <summary>The host name a tunneled node's streaming address uses; <see cref="NodeDialer"/> connects to it through here.</summary>
    private const string TunnelDomain = "tunnel.berth.invalid";

    private static readonly TimeSpan DialTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Control> _controls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Dial> _dials = new(StringComparer.Ordinal);

    /// <summary>The host a node's streaming server is reached at: its tunnel while it holds one, else null.</summary>
    public string? TunnelHostOf(string node) => _controls.ContainsKey(node) ? $"{node}.{TunnelDomain}" : null;

    /// <summary>The node a tunnel host names.</summary>
    public static bool TryNodeOf(string host, out string node)
    {
        node = host.EndsWith("." + TunnelDomain, StringComparison.Ordinal) ? host[..^(TunnelDomain.Length + 1)] : "";
        return node.Length > 0;
    }

    /// <summary>Serves /berth/v1/tunnel and /berth/v1/tunnel/ID for a node's own identity (system:node:NAME in system:nodes).</summary>
    public Task ServeAsync(HttpContext context, UserInfo user, string path)
    {
        if (!user.Name.StartsWith(NodeUserPrefix, StringComparison.Ordinal) || !user.InGroup(NodesGroup))
        {
            throw ApiException.Forbidden($"User \"{user.Name}\" is not a node: only nodes hold tunnels");
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ApiException.BadRequest("a tunnel is a WebSocket");
        }
        var node = user.Name[NodeUserPrefix.Length..];
        return path == ControlPath ? ServeControlAsync(context, node) : ServeDataAsync(context, node, path[(ControlPath.Length + 1)..]);
    }

    /// <summary>One connection to the node's streaming server, through its tunnel.</summary>
    public async Task<Stream> DialAsync(string node, CancellationToken cancellationToken)
    {
        if (!_controls.TryGetValue(node, out var control))
        {
            throw new IOException($"node {node} holds no tunnel");
        }
        var id = Guid.NewGuid().ToString("N");
        var dial = new Dial(node);
        _dials[id] = dial;
        try
        {
            await control.SendAsync($"dial {id}", cancellationToken);
            return await dial.Connection.Task.WaitAsync(DialTimeout, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or WebSocketException)
        {
            throw new IOException($"node {node} did not answer through its tunnel: {e.Message}", e);
        }
        finally
        {
            _dials.TryRemove(id, out _);
        }
    }

    private async Task ServeControlAsync(HttpContext context, string node)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var control = new Control(socket);
        // A restarted agent's new tunnel replaces the one its old process left.
        _controls[node] = control;
        try
        {
            // The agent sends nothing: reading is how its going away is noticed.
            var buffer = new byte[64];
            while ((await socket.ReceiveAsync(buffer, context.RequestAborted)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            _controls.TryRemove(KeyValuePair.Create(node, control));
        }
    }

    private async Task ServeDataAsync(HttpContext context, string node, string id)
    {
        if (!_dials.TryGetValue(id, out var dial) || dial.Node != node)
        {
            throw ApiException.NotFoundPath(context.Request.Path);
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connection = new ReleasingStream(WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: false), released);
        if (!dial.Connection.TrySetResult(connection))
        {
            return;
        }
        // The request lives as long as its connection is in use: its end closes the WebSocket.
        await released.Task.WaitAsync(context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private sealed record Dial(string Node)
    {
        public TaskCompletionSource<Stream> Connection { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A node's control WebSocket; dials from several requests go out one at a time.</summary>
    private sealed class Control(WebSocket socket)
    {
        private readonly SemaphoreSlim _send = new(1, 1);

        public async Task SendAsync(string message, CancellationToken cancellationToken)
        {
            await _send.WaitAsync(cancellationToken);
            try
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
            finally
            {
                _send.Release();
            }
        }
    }
}
