using System.Net;
using System.Security.Cryptography.X509Certificates;
using Berth.DockerApi.Containers;
using Berth.DockerApi.Http;
using Berth.DockerApi.Images;
using Berth.DockerApi.Networks;
using Berth.DockerApi.Routing;
using Berth.DockerApi.SystemInfo;
using Berth.DockerApi.Volumes;
using Berth.Engine;
using Microsoft.Extensions.Logging;

namespace Berth.DockerApi;

/// <summary>
/// The Docker Engine API socket over one engine root: what `docker` (DOCKER_HOST=unix://…), docker-compose,
/// Docker.DotNet and Testcontainers talk to. It shares the engine's on-disk state with the CLI, so what one
/// creates the other sees. Listening when <see cref="Start"/> returns.
/// </summary>
public sealed class DockerApiHost : IAsyncDisposable
{
    private readonly HttpServer _server;

    private DockerApiHost(HttpServer server, string address)
    {
        _server = server;
        Address = address;
    }

    /// <summary>The URI clients use (unix:///path, tcp://host:port).</summary>
    public string Address { get; }

    /// <summary>When the last connection opened or closed (for --time).</summary>
    public DateTimeOffset LastActivity => _server.LastActivity;

    public int ActiveConnections => _server.ActiveConnections;

    public static DockerApiHost Start(DockerApiOptions options)
    {
        var engineOptions = options.Engine;
        var context = new DockerApiContext(BerthEngine.Open(engineOptions), engineOptions.LoggerFactory, engineOptions.Time);
        var routes = new RouteTable();
        new SystemRoutes(context).MapTo(routes);
        new EventRoutes(context).MapTo(routes);
        new DiskUsageRoutes(context).MapTo(routes);
        new ContainerLifecycleRoutes(context).MapTo(routes);
        new ContainerQueryRoutes(context).MapTo(routes);
        new ContainerStreamRoutes(context).MapTo(routes);
        new ContainerStatsRoutes(context).MapTo(routes);
        new ExecRoutes(context).MapTo(routes);
        new ArchiveRoutes(context).MapTo(routes);
        new FilesystemRoutes(context).MapTo(routes);
        new ImageRoutes(context).MapTo(routes);
        new ImagePushRoutes(context).MapTo(routes);
        new ImageArchiveRoutes(context).MapTo(routes);
        new ImagePruneRoutes(context).MapTo(routes);
        new ImageSearchRoutes().MapTo(routes);
        new BuildRoutes(context).MapTo(routes);
        new VolumeRoutes(context).MapTo(routes);
        new NetworkRoutes(context).MapTo(routes);
        var router = new DockerRouter(routes, engineOptions.LoggerFactory.CreateLogger<DockerRouter>());
        var logger = engineOptions.LoggerFactory.CreateLogger<HttpServer>();
        var listen = new Uri(options.Listen);
        if (listen.Scheme == "unix")
        {
            var server = HttpServer.ListenUnix(listen.AbsolutePath, router.HandleAsync, logger, engineOptions.Time);
            return new DockerApiHost(server, $"unix://{listen.AbsolutePath}");
        }
        if (listen.Scheme == "tcp")
        {
            if (options.TlsCertificate is null || options.TlsKey is null || options.TlsClientCa is null)
            {
                throw new InvalidArgumentException("a TCP socket needs --tls-cert, --tls-key and --tls-verify-ca (mutual TLS): the Docker API gives root on this host to whoever reaches it");
            }
            var certificate = X509Certificate2.CreateFromPemFile(options.TlsCertificate, options.TlsKey);
            var ca = X509CertificateLoader.LoadCertificateFromFile(options.TlsClientCa);
            var endpoint = new IPEndPoint(IPAddress.Parse(listen.Host), listen.Port);
            var server = HttpServer.ListenTls(endpoint, certificate, ca, router.HandleAsync, logger, engineOptions.Time);
            var bound = (IPEndPoint)server.LocalEndPoint;
            return new DockerApiHost(server, $"tcp://{listen.Host}:{bound.Port}");
        }
        throw new InvalidArgumentException($"cannot listen on \"{options.Listen}\": use unix:///path or tcp://host:port");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
