using System.Net;
using System.Net.Sockets;
using Berth.Agent.Probes;
using Berth.Testing.Grpc;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Berth.Agent.Tests.Probes;

/// <summary>The gRPC prober against a real gRPC health server on loopback, with kubelet's verdicts and words.</summary>
public sealed class GrpcProberTests
{
    // Answers come well within this on a loaded machine; the timeout cases wait out OneSecond.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);
    private readonly GrpcProber _prober = new();

    [Fact]
    public async Task Probe_Serving_Succeeds()
    {
        await using var server = await GrpcHealthServer.StartAsync(IPAddress.Loopback, ServingStatus.Serving);

        var outcome = await _prober.ProbeAsync("127.0.0.1", server.Port, "", Patience, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Success("service healthy"), outcome);
        Assert.Equal("kube-probe/1.32", server.LastUserAgent);
    }

    [Theory]
    [InlineData(ServingStatus.NotServing, "NOT_SERVING")]
    [InlineData(ServingStatus.Unknown, "UNKNOWN")]
    public async Task Probe_NotServing_FailsWithTheStatusName(ServingStatus status, string name)
    {
        await using var server = await GrpcHealthServer.StartAsync(IPAddress.Loopback, status);

        var outcome = await _prober.ProbeAsync("127.0.0.1", server.Port, "", Patience, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Failure($"service unhealthy (responded with \"{name}\")"), outcome);
    }

    [Fact]
    public async Task Probe_NamedService_AsksForThatService()
    {
        await using var server = await GrpcHealthServer.StartAsync(IPAddress.Loopback, ServingStatus.NotServing);
        server.Health.SetStatus("shop.Cart", ServingStatus.Serving);

        var outcome = await _prober.ProbeAsync("127.0.0.1", server.Port, "shop.Cart", Patience, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Success("service healthy"), outcome);
    }

    [Fact]
    public async Task Probe_UnknownService_FailsAsTheServerAnswers()
    {
        await using var server = await GrpcHealthServer.StartAsync(IPAddress.Loopback, ServingStatus.Serving);

        var outcome = await _prober.ProbeAsync("127.0.0.1", server.Port, "shop.Missing", Patience, CancellationToken.None);

        // Grpc.HealthCheck answers an unknown service with NOT_FOUND, as grpc-go's health server does.
        Assert.Equal(ProbeOutcome.Failure("error: health rpc probe failed: rpc error: code = NotFound desc = "), outcome);
    }

    [Fact]
    public async Task Probe_ServerWithoutHealthService_SaysItDoesNotImplementTheProtocol()
    {
        await using var server = await GrpcHealthServer.StartWithoutHealthAsync(IPAddress.Loopback);

        var outcome = await _prober.ProbeAsync("127.0.0.1", server.Port, "", Patience, CancellationToken.None);

        Assert.Equal(ProbeResult.Failure, outcome.Result);
        Assert.StartsWith("error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_ServerThatNeverAnswers_TimesOutTheCall()
    {
        // Accepts the connection and says nothing: the call cannot complete.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var outcome = await _prober.ProbeAsync("127.0.0.1", port, "", OneSecond, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Failure("timeout: health rpc did not complete within 1s"), outcome);
    }

    [Fact]
    public async Task Probe_NothingListening_FailsToConnectWithinTheTimeout()
    {
        var port = FreePort();

        var outcome = await _prober.ProbeAsync("127.0.0.1", port, "", OneSecond, CancellationToken.None);

        Assert.Equal(ProbeOutcome.Failure($"timeout: failed to connect service \"127.0.0.1:{port}\" within 1s: context deadline exceeded"), outcome);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
