using System.Net.Sockets;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Rest;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Streaming;

/// <summary>
/// pods/proxy and services/proxy as kube-apiserver serves them (what `kubectl proxy` and `kubectl cluster-info` point
/// at): the object's name may carry a scheme and a port (<c>[https:]NAME[:PORT]</c>; a Service's port by name or
/// number), the path after <c>proxy/</c> and the query go to the pod's IP, or to a ready endpoint of the Service's port,
/// and the answer streams back. No upgrades (WebSockets); no rewriting of the links in the answer.
/// </summary>
public sealed class ProxyHandler(ResourceStore store, ResourceRegistry registry)
{
    // Request and answer headers that belong to one hop, not to the proxied exchange; the client's credentials are
    // for the API server, not for the pod.
    private static readonly HashSet<string> DroppedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
        "Authorization", "Impersonate-User", "Impersonate-Group", "Impersonate-Uid",
    };

    // One client for the server's lifetime: its connections to pods are pooled.
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        // kube-apiserver does not verify a pod's serving certificate either: pods have no name it could check.
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    });

    public async Task PodAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var (scheme, name, port) = SplitSchemeNamePort(target.Name!);
        if (port.Length > 0 && !int.TryParse(port, out _))
        {
            throw ApiException.BadRequest($"invalid port {port}: a pod's proxy port must be a number");
        }
        var pod = await store.GetAsync(target.Resource, target.Namespace, name, context.RequestAborted);
        var ip = pod["status"]?["podIP"]?.GetValue<string>();
        if (string.IsNullOrEmpty(ip))
        {
            throw ServiceUnavailable($"pod {name} has no IP address yet");
        }
        await ForwardAsync(context, target, scheme, ip, port.Length > 0 ? int.Parse(port) : DefaultPort(scheme));
    }

    public async Task ServiceAsync(HttpContext context, RequestTarget target, QueryOptions query)
    {
        var (scheme, name, port) = SplitSchemeNamePort(target.Name!);
        var service = await store.GetAsync(target.Resource, target.Namespace, name, context.RequestAborted);
        var servicePort = (service["spec"]?["ports"] as JsonArray ?? [])
            .FirstOrDefault(p => port.Length == 0 || p?["name"]?.GetValue<string>() == port || p?["port"]?.ToString() == port)
            ?? throw ServiceUnavailable($"no service port {port} found for service \"{name}\"");
        var portName = servicePort["name"]?.GetValue<string>() ?? "";
        var endpoints = await EndpointsAsync(target.Namespace, name, context.RequestAborted);
        var ready = (endpoints?["subsets"] as JsonArray ?? [])
            .SelectMany(subset => (subset?["ports"] as JsonArray ?? []).Where(p => (p?["name"]?.GetValue<string>() ?? "") == portName)
                .SelectMany(p => (subset?["addresses"] as JsonArray ?? []).Select(a => (Ip: a?["ip"]?.GetValue<string>(), Port: p!["port"]!.GetValue<int>()))))
            .Where(e => e.Ip is not null)
            .ToList();
        if (ready.Count == 0)
        {
            throw ServiceUnavailable($"no endpoints available for service \"{target.Name}\"");
        }
        var (endpointIp, endpointPort) = ready[Random.Shared.Next(ready.Count)];
        await ForwardAsync(context, target, scheme, endpointIp!, endpointPort);
    }

    /// <summary>The Service's Endpoints, or null before the endpoints controller made them.</summary>
    private async Task<JsonObject?> EndpointsAsync(string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetAsync(registry.Find("", "v1", "endpoints")!, ns, name, cancellationToken);
        }
        catch (ApiException missing) when (missing.Code == 404)
        {
            return null;
        }
    }

    private async Task ForwardAsync(HttpContext context, RequestTarget target, string scheme, string ip, int port)
    {
        var host = ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip;
        var uri = new Uri($"{scheme}://{host}:{port}{target.ProxyPath ?? "/"}{context.Request.QueryString}");
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), uri);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }
        foreach (var (header, values) in context.Request.Headers)
        {
            if (!DroppedHeaders.Contains(header) && !request.Headers.TryAddWithoutValidation(header, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(header, (IEnumerable<string?>)values);
            }
        }
        HttpResponseMessage answer;
        try
        {
            answer = await _client.SendAsync(request, context.RequestAborted);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException or IOException or null)
        {
            // kube's wording, so a user sees where it stopped: the object exists, what it names does not answer.
            throw ServiceUnavailable($"error trying to reach service: {e.Message}");
        }
        using (answer)
        {
            context.Response.StatusCode = (int)answer.StatusCode;
            foreach (var (header, values) in answer.Headers.Concat(answer.Content.Headers))
            {
                if (!DroppedHeaders.Contains(header))
                {
                    context.Response.Headers[header] = values.ToArray();
                }
            }
            await using var body = await answer.Content.ReadAsStreamAsync(context.RequestAborted);
            await body.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    /// <summary>kube's net.SplitSchemeNamePort: NAME, NAME:PORT or SCHEME:NAME:PORT, the scheme http or https.</summary>
    private static (string Scheme, string Name, string Port) SplitSchemeNamePort(string id) => id.Split(':') switch
    {
        [var name] when name.Length > 0 => ("http", name, ""),
        [var name, var port] when name.Length > 0 => ("http", name, port),
        [var scheme and ("http" or "https"), var name, var port] when name.Length > 0 => (scheme, name, port),
        _ => throw ApiException.BadRequest($"invalid proxy request name {id}: expected [scheme:]name[:port]"),
    };

    private static int DefaultPort(string scheme) => scheme == "https" ? 443 : 80;

    private static ApiException ServiceUnavailable(string message) => new(503, "ServiceUnavailable", message);
}
