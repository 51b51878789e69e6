using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;

namespace Berth.ApiServer.Streaming;

/// <summary>
/// Reaches a node's streaming server as kube-apiserver reaches kubelets: at the Node's InternalIP
/// (else its Hostname) and daemonEndpoints.kubeletEndpoint port, presenting the API server's
/// kubelet-client certificate, without verifying the node's self-signed serving certificate
/// (kube-apiserver's default without --kubelet-certificate-authority). A node that holds a reverse tunnel
/// (<see cref="NodeTunnels"/>) is reached through it instead: the same TLS and HTTP, over the tunnel's connection.
/// </summary>
public sealed class NodeDialer : IDisposable
{
    private const int DefaultKubeletPort = 10250;

    private readonly X509Certificate2 _certificate;
    private readonly NodeTunnels _tunnels;
    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _http;

    public NodeDialer(X509Certificate2 clientCertificate, NodeTunnels tunnels)
    {
        _certificate = clientCertificate;
        _tunnels = tunnels;
        _handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>https://ADDRESS:PORT of the node's streaming server (its tunnel's host while it holds one); a 400 when the Node reports no address.</summary>
    public Uri BaseAddressOf(JsonObject node)
    {
        var addresses = node["status"]?["addresses"] as JsonArray ?? [];
        string? AddressOf(string type) => addresses.OfType<JsonObject>()
            .FirstOrDefault(a => a["type"]?.GetValue<string>() == type)?["address"]?.GetValue<string>();
        var address = _tunnels.TunnelHostOf(node["metadata"]?["name"]?.GetValue<string>() ?? "") ?? AddressOf("InternalIP") ?? AddressOf("Hostname")
            ?? throw ApiException.BadRequest($"no preferred addresses found; known addresses: [] (node {node["metadata"]?["name"]})");
        var port = node["status"]?["daemonEndpoints"]?["kubeletEndpoint"]?["Port"]?.GetValue<int>() is int p and > 0 ? p : DefaultKubeletPort;
        var host = address.Contains(':') ? $"[{address}]" : address;
        return new Uri($"https://{host}:{port}");
    }

    /// <summary>The node's answer to a GET, once its headers arrived (the body streams).</summary>
    public Task<HttpResponseMessage> GetAsync(Uri url, CancellationToken cancellationToken) =>
        _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>A WebSocket to the node offering <paramref name="protocols"/>; the node picks one.</summary>
    public async Task<ClientWebSocket> ConnectAsync(Uri url, IEnumerable<string> protocols, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        foreach (var protocol in protocols)
        {
            socket.Options.AddSubProtocol(protocol);
        }
        try
        {
            // Through the handler: its client certificate, and its way to tunneled nodes.
            await socket.ConnectAsync(new UriBuilder(url) { Scheme = "wss" }.Uri, new HttpMessageInvoker(_handler, disposeHandler: false), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A TCP connection to the node's address, or a connection through its tunnel.</summary>
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (NodeTunnels.TryNodeOf(context.DnsEndPoint.Host, out var node))
        {
            return await _tunnels.DialAsync(node, cancellationToken);
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
        _certificate.Dispose();
    }
}
