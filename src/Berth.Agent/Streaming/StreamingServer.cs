using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Streaming;

/// <summary>
/// The node's streaming server (the kubelet's port 10250): HTTPS with a self-signed certificate (the
/// API server does not verify it, as kube-apiserver without --kubelet-certificate-authority), for the
/// API server alone (<see cref="ApiServerClientCertificate"/>), serving containerLogs, exec, attach and
/// portForward, which the API server relays for pods/log, pods/exec, pods/attach and pods/portforward.
/// </summary>
public sealed partial class StreamingServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StreamingServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The port it listens on (reported in the Node's daemonEndpoints.kubeletEndpoint).</summary>
    public int Port { get; }

    public static async Task<StreamingServer> StartAsync(
        int port, ApiServerClientCertificate clients, StreamingHandlers handlers, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, SignalFreeHostLifetime>();
        builder.WebHost.UseKestrelHttpsConfiguration();
        var serving = SelfSigned();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Any, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = serving;
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (certificate, _, _) => clients.Accepts(certificate);
                });
            });
        });
        var app = builder.Build();
        app.UseWebSockets();
        var logger = loggerFactory.CreateLogger<StreamingServer>();
        app.Run(context => RouteAsync(context, handlers, logger));
        await app.StartAsync(cancellationToken);
        var bound = new Uri(app.Urls.First()).Port;
        return new StreamingServer(app, bound);
    }

    private static async Task RouteAsync(HttpContext context, StreamingHandlers handlers, ILogger logger)
    {
        try
        {
            var parts = (context.Request.Path.Value ?? "").Trim('/').Split('/');
            switch (context.Request.Method, parts)
            {
                case ("GET", ["containerLogs", var ns, var pod, var container]):
                    await handlers.Logs.ServeAsync(context, ns, pod, container);
                    return;
                case ("GET" or "POST", ["exec", var ns, var pod, var container]):
                    await handlers.Exec.ServeAsync(context, ns, pod, container);
                    return;
                case ("GET" or "POST", ["attach", var ns, var pod, var container]):
                    await handlers.Attach.ServeAsync(context, ns, pod, container);
                    return;
                case ("GET" or "POST", ["portForward", var ns, var pod]):
                    await handlers.PortForward.ServeAsync(context, ns, pod);
                    return;
                default:
                    throw StreamingError.NotFound($"the node does not serve {context.Request.Method} {context.Request.Path}");
            }
        }
        catch (StreamingError e) when (!context.Response.HasStarted)
        {
            context.Response.StatusCode = e.Code;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(e.ToStatus().ToJsonString(), context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e, context.Request.Path);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = 500;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(StreamingError.Internal(e.Message).ToStatus().ToJsonString(), context.RequestAborted);
            }
        }
    }

    /// <summary>The serving certificate: made at each start, as a kubelet without a certificate directory does.</summary>
    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Dns.GetHostName()}@{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        // Kestrel on Linux needs the key in an exportable form it can load into SslStream.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "streaming request {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception error, string path);
}
