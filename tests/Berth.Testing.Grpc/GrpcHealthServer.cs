using System.Net;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Testing.Grpc;

/// <summary>
/// A real gRPC server on Kestrel, plain-text HTTP/2 on a free port of <c>address</c>, serving
/// grpc.health.v1.Health from <see cref="Health"/> (set a service's status there), or no service
/// at all, as a server that does not implement the health protocol.
/// </summary>
public sealed class GrpcHealthServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcHealthServer(WebApplication app, HealthServiceImpl health)
    {
        _app = app;
        Health = health;
    }

    public HealthServiceImpl Health { get; }

    /// <summary>The User-Agent of the latest request.</summary>
    public string? LastUserAgent { get; private set; }

    public int Port => new Uri(_app.Urls.First()).Port;

    /// <summary>Starts a server whose overall status ("" service) is <paramref name="status"/>.</summary>
    public static Task<GrpcHealthServer> StartAsync(IPAddress address, HealthCheckResponse.Types.ServingStatus status) => StartAsync(address, health: true, status);

    /// <summary>Starts a gRPC server that serves no health service.</summary>
    public static Task<GrpcHealthServer> StartWithoutHealthAsync(IPAddress address) => StartAsync(address, health: false, default);

    private static async Task<GrpcHealthServer> StartAsync(IPAddress address, bool health, HealthCheckResponse.Types.ServingStatus status)
    {
        var impl = new HealthServiceImpl();
        impl.SetStatus("", status);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(impl);
        var app = builder.Build();
        var server = new GrpcHealthServer(app, impl);
        app.Use((context, next) =>
        {
            server.LastUserAgent = context.Request.Headers.UserAgent;
            return next(context);
        });
        if (health)
        {
            app.MapGrpcService<HealthServiceImpl>();
        }
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
