using System.Net;
using System.Net.Sockets;
using k8s.Models;

namespace Berth.Agent.Probes;

/// <summary>
/// An httpGet probe (and hook): GET scheme://host:port/path with the action's headers, kube's
/// User-Agent and Accept unless they are given, certificates not checked, no connection kept.
/// 200–399 succeeds; redirects are followed on the same host only (one elsewhere succeeds, as
/// kube's warning does); anything else fails with kube's wording.
/// </summary>
public sealed class HttpProber : IDisposable
{
    public const string UserAgent = "kube-probe/1.32";
    public const string HookUserAgent = "kube-lifecycle/1.32";
    private const int MaxRedirects = 10;
    private const int MaxBody = 10 * 1024;

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.Zero,
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The URL a probe asks: host defaults to the pod's address; path to /.</summary>
    public static Uri UrlOf(V1HTTPGetAction action, string defaultHost, int port)
    {
        var scheme = string.Equals(action.Scheme, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var host = string.IsNullOrEmpty(action.Host) ? defaultHost : action.Host;
        var path = string.IsNullOrEmpty(action.Path) ? "/" : action.Path.StartsWith('/') ? action.Path : "/" + action.Path;
        return new Uri($"{scheme}://{(host.Contains(':') ? $"[{host}]" : host)}:{port}{path}");
    }

    public async Task<ProbeOutcome> ProbeAsync(Uri url, IList<V1HTTPHeader>? headers, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var current = url;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var response = await _client.SendAsync(RequestFor(current, headers, UserAgent), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                var code = (int)response.StatusCode;
                if (code is >= 300 and < 400 && response.Headers.Location is { } location && redirects < MaxRedirects)
                {
                    var next = new Uri(current, location);
                    if (next.Host != current.Host)
                    {
                        return ProbeOutcome.Success("Probe terminated redirects");
                    }
                    current = next;
                    continue;
                }
                var body = await ReadBodyAsync(response, deadline.Token);
                return code is >= 200 and < 400
                    ? ProbeOutcome.Success(body)
                    : ProbeOutcome.Failure($"HTTP probe failed with statuscode: {code}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Failure($"Get \"{current}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (HttpRequestException e)
        {
            return ProbeOutcome.Failure($"Get \"{current}\": {DialError(current, e)}");
        }
    }

    /// <summary>A connection failure in Go's words (what kube's events show): "dial tcp 10.42.0.5:8080: connect: connection refused".</summary>
    public static string DialError(Uri url, Exception error) => error.InnerException is SocketException socket
        ? TcpProber.DialError($"{url.Host}:{url.Port}", socket)
        : error.Message;

    /// <summary>An httpGet lifecycle hook: any answer succeeds (kube's handler fails only when no response comes); null, or the error in Go's words.</summary>
    public async Task<string?> HookAsync(Uri url, IList<V1HTTPHeader>? headers, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.SendAsync(RequestFor(url, headers, HookUserAgent), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return null;
        }
        catch (HttpRequestException e)
        {
            return $"Get \"{url}\": {DialError(url, e)}";
        }
    }

    private static HttpRequestMessage RequestFor(Uri url, IList<V1HTTPHeader>? headers, string userAgent)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11 };
        request.Headers.ConnectionClose = true;
        var given = headers ?? [];
        foreach (var header in given)
        {
            if (string.Equals(header.Name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = header.Value;
                continue;
            }
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }
        if (!given.Any(h => string.Equals(h.Name, "User-Agent", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }
        if (!given.Any(h => string.Equals(h.Name, "Accept", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.TryAddWithoutValidation("Accept", "*/*");
        }
        return request;
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBody];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
        {
            read += n;
        }
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    public void Dispose() => _client.Dispose();
}
