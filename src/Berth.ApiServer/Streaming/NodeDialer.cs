using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;

namespace Berth.ApiServer.Streaming;

/// <summary>
/// Reaches a node's streaming server as kube-apiserver reaches kubelets: at the Node's InternalIP
/// (else its Hostname) and daemonEndpoints.kubeletEndpoint port, presenting the API server's
/// kubelet-client certificate, without verifying the node's self-signed serving certificate
/// (kube-apiserver's default without --kubelet-certificate-authority).
/// </summary>
public sealed class NodeDialer : IDisposable
{
    private const int DefaultKubeletPort = 10250;

    private readonly X509Certificate2 _certificate;
    private readonly HttpClient _http;

    public NodeDialer(X509Certificate2 clientCertificate)
    {
        _certificate = clientCertificate;
        _http = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            },
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>https://ADDRESS:PORT of the node's streaming server; a 400 when the Node reports no address.</summary>
    public static Uri BaseAddressOf(JsonObject node)
    {
        var addresses = node["status"]?["addresses"] as JsonArray ?? [];
        string? AddressOf(string type) => addresses.OfType<JsonObject>()
            .FirstOrDefault(a => a["type"]?.GetValue<string>() == type)?["address"]?.GetValue<string>();
        var address = AddressOf("InternalIP") ?? AddressOf("Hostname")
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
        socket.Options.ClientCertificates = [_certificate];
        socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        foreach (var protocol in protocols)
        {
            socket.Options.AddSubProtocol(protocol);
        }
        try
        {
            await socket.ConnectAsync(new UriBuilder(url) { Scheme = "wss" }.Uri, cancellationToken);
            return socket;
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
        _certificate.Dispose();
    }
}
