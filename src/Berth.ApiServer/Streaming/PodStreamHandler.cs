using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Rest;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Streaming;

/// <summary>
/// pods/log, pods/exec, pods/attach and pods/portforward as kube-apiserver serves them: the pod's container is checked here (bound
/// to a node, a container of the pod, the only one when none is named), then the request goes on to
/// the node's streaming server, whose answer streams back: the log as it is written, the exec session
/// as a WebSocket relayed message by message.
/// </summary>
public sealed class PodStreamHandler(ResourceStore store, ResourceRegistry registry, NodeDialer nodes)
{
    private const string PortForwardProtocol = "SPDY/3.1+portforward.k8s.io";
    private static readonly string[] ChannelProtocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"];

    public async Task LogAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var url = await NodeUrlAsync(context, target, "containerLogs");
        HttpResponseMessage answer;
        try
        {
            answer = await nodes.GetAsync(url, context.RequestAborted);
        }
        catch (HttpRequestException e)
        {
            throw ApiException.Internal($"error dialing backend: {e.Message}");
        }
        using (answer)
        {
            context.Response.StatusCode = (int)answer.StatusCode;
            context.Response.ContentType = answer.Content.Headers.ContentType?.ToString() ?? "text/plain";
            await using var body = await answer.Content.ReadAsStreamAsync(context.RequestAborted);
            var buffer = new byte[16 * 1024];
            int read;
            try
            {
                while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException && context.RequestAborted.IsCancellationRequested)
            {
                // `kubectl logs -f` interrupted.
            }
        }
    }

    /// <summary>
    /// The WebSocket exec kubectl 1.30+ speaks; its SPDY fallback (a POST) is refused. A node that cannot be
    /// reached is reported on the session's error channel, so kubectl shows why instead of retrying SPDY.
    /// </summary>
    public Task ExecAsync(HttpContext context, RequestTarget target, QueryOptions query) => ChannelAsync(context, target, "exec");

    /// <summary>Attach to a running container, over the same channel protocol as exec.</summary>
    public Task AttachAsync(HttpContext context, RequestTarget target, QueryOptions query) => ChannelAsync(context, target, "attach");

    private async Task ChannelAsync(HttpContext context, RequestTarget target, string operation)
    {
        // The pod and container are checked first: kubectl retries a refused WebSocket over SPDY and shows that answer.
        var url = await NodeUrlAsync(context, target, operation);
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var protocol = ChannelProtocols.FirstOrDefault(requested.Contains);
        if (!context.WebSockets.IsWebSocketRequest || protocol is null)
        {
            throw ApiException.BadRequest($"{operation} is served over WebSocket with the v5.channel.k8s.io or v4.channel.k8s.io protocol (kubectl 1.30 or later); SPDY is not supported");
        }
        ClientWebSocket node;
        try
        {
            node = await nodes.ConnectAsync(url, ChannelProtocols.Where(requested.Contains), context.RequestAborted);
        }
        catch (WebSocketException e)
        {
            using var failed = await context.WebSockets.AcceptWebSocketAsync(protocol);
            await FailAsync(failed, $"error dialing backend: {e.Message}", context.RequestAborted);
            return;
        }
        using (node)
        {
            using var client = await context.WebSockets.AcceptWebSocketAsync(node.SubProtocol);
            await WebSocketRelay.RunAsync(client, node, context.RequestAborted);
        }
    }

    /// <summary>
    /// Port-forward over the WebSocket tunnel kubectl 1.30+ asks for first (SPDY/3.1 frames in binary
    /// messages, which the node speaks); the plain SPDY upgrade it falls back to is refused.
    /// </summary>
    public async Task PortForwardAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var pod = await store.GetAsync(target.Resource, target.Namespace, target.Name!, context.RequestAborted);
        var url = new Uri(await NodeBaseAsync(pod, target, context.RequestAborted),
            $"portForward/{Uri.EscapeDataString(target.Namespace!)}/{Uri.EscapeDataString(target.Name!)}{context.Request.QueryString.Value}");
        if (!context.WebSockets.IsWebSocketRequest || !context.WebSockets.WebSocketRequestedProtocols.Contains(PortForwardProtocol))
        {
            throw ApiException.BadRequest($"port-forward is served over WebSocket with the {PortForwardProtocol} protocol (kubectl 1.30 or later); a plain SPDY upgrade is not supported");
        }
        ClientWebSocket node;
        try
        {
            // The node takes kube's inner protocol name for the same tunnel: .NET's client refuses one with a '/'.
            node = await nodes.ConnectAsync(url, ["portforward.k8s.io"], context.RequestAborted);
        }
        catch (WebSocketException e)
        {
            throw ApiException.Internal($"error dialing backend: {e.Message}");
        }
        using (node)
        {
            // Kestrel refuses to name a protocol with a '/' (not an HTTP token) itself: the header is set beforehand.
            context.Response.Headers.SecWebSocketProtocol = PortForwardProtocol;
            using var client = await context.WebSockets.AcceptWebSocketAsync();
            await WebSocketRelay.RunAsync(client, node, context.RequestAborted);
        }
    }

    private static async Task FailAsync(WebSocket socket, string message, CancellationToken cancellationToken)
    {
        var status = new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = message, ["reason"] = "InternalError", ["code"] = 500 };
        var bytes = Encoding.UTF8.GetBytes(status.ToJsonString());
        var frame = new byte[bytes.Length + 1];
        frame[0] = 3;
        bytes.CopyTo(frame, 1);
        await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
    }

    /// <summary>https://NODE:PORT/OPERATION/NAMESPACE/POD/CONTAINER?QUERY for the pod's container, after kube's checks.</summary>
    private async Task<Uri> NodeUrlAsync(HttpContext context, RequestTarget target, string operation)
    {
        var pod = await store.GetAsync(target.Resource, target.Namespace, target.Name!, context.RequestAborted);
        var container = ContainerOf(pod, context.Request.Query["container"].ToString());
        var path = $"{operation}/{Uri.EscapeDataString(target.Namespace!)}/{Uri.EscapeDataString(target.Name!)}/{Uri.EscapeDataString(container)}";
        return new Uri(await NodeBaseAsync(pod, target, context.RequestAborted), path + context.Request.QueryString.Value);
    }

    /// <summary>The streaming server of the pod's node; kube's 400 for a pod not bound yet.</summary>
    private async Task<Uri> NodeBaseAsync(JsonObject pod, RequestTarget target, CancellationToken cancellationToken)
    {
        var nodeName = pod["spec"]?["nodeName"]?.GetValue<string>();
        if (string.IsNullOrEmpty(nodeName))
        {
            throw ApiException.BadRequest($"pod {target.Name} does not have a host assigned");
        }
        var node = await store.GetAsync(registry.Find("", "v1", "nodes")!, null, nodeName, cancellationToken);
        return nodes.BaseAddressOf(node);
    }

    /// <summary>The named container (app, init or ephemeral), or the pod's only container; kube's 400s otherwise.</summary>
    private static string ContainerOf(JsonObject pod, string requested)
    {
        string[] Names(string field) => [.. (pod["spec"]?[field] as JsonArray ?? []).Select(c => c?["name"]?.GetValue<string>() ?? "")];
        var name = pod["metadata"]?["name"]?.GetValue<string>();
        var containers = Names("containers");
        if (requested.Length == 0)
        {
            if (containers.Length == 1)
            {
                return containers[0];
            }
            var init = Names("initContainers");
            throw ApiException.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', containers)}]"
                + (init.Length > 0 ? $" or one of the init containers: [{string.Join(' ', init)}]" : ""));
        }
        if (!containers.Concat(Names("initContainers")).Concat(Names("ephemeralContainers")).Contains(requested))
        {
            throw ApiException.BadRequest($"container {requested} is not valid for pod {name}");
        }
        return requested;
    }
}
