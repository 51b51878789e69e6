using System.CommandLine;
using Berth.DockerApi;
using Berth.Engine;
using Berth.Engine.Containers;
using Microsoft.Extensions.Logging;

namespace Berth.Cli.Commands;

/// <summary>
/// `system service [--time SECONDS] [URI]`: serves the Docker Engine API, as `podman system service` does, on
/// unix:///run/berth/berth.sock by default (mode 0660), or on tcp://host:port with mutual TLS only. Ends
/// after SECONDS without a connection (0: never), or on SIGINT/SIGTERM.
/// </summary>
public static class SystemServiceCommand
{
    public static Command Create()
    {
        var time = new Option<int>("--time", "-t") { Description = "Seconds without a connection before the service ends (0: never)", DefaultValueFactory = _ => 5 };
        var cert = new Option<string?>("--tls-cert") { Description = "Server certificate (PEM) for a tcp:// socket" };
        var key = new Option<string?>("--tls-key") { Description = "Server key (PEM) for a tcp:// socket" };
        var ca = new Option<string?>("--tls-verify-ca") { Description = "CA (PEM) that client certificates must be signed by" };
        var uri = new Argument<string>("URI") { Description = "unix:///path or tcp://host:port", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => DockerApiOptions.DefaultListen };
        var service = new Command("service", "Serve the Docker Engine API for docker, docker-compose and Docker SDKs") { time, cert, key, ca, uri };
        service.SetAction(async (parse, cancellationToken) =>
        {
            var idle = parse.GetValue(time);
            if (idle < 0)
            {
                throw new InvalidArgumentException($"invalid --time {idle}: must not be negative");
            }
            using var loggerFactory = LoggerFactory.Create(logging => logging
                .SetMinimumLevel(LogLevel.Warning)
                .AddSimpleConsole(console => console.SingleLine = true)
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
            await using var host = DockerApiHost.Start(new DockerApiOptions
            {
                Engine = GlobalOptions.EngineOptions(parse) with { LoggerFactory = loggerFactory },
                Listen = parse.GetValue(uri)!,
                TlsCertificate = parse.GetValue(cert),
                TlsKey = parse.GetValue(key),
                TlsClientCa = parse.GetValue(ca),
            });
            await WaitUntilIdleAsync(host, TimeSpan.FromSeconds(idle), cancellationToken);
            return ExitCodes.Success;
        });
        return service;
    }

    private static async Task WaitUntilIdleAsync(DockerApiHost host, TimeSpan idle, CancellationToken cancellationToken)
    {
        try
        {
            if (idle == TimeSpan.Zero)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            while (host.ActiveConnections > 0 || DateTimeOffset.UtcNow - host.LastActivity < idle)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
