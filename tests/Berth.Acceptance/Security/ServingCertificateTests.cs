using System.Security.Cryptography.X509Certificates;
using Berth.Acceptance.Api;

namespace Berth.Acceptance.Security;

/// <summary>
/// The serving certificate covers what clients dial: a server listening on all addresses is reached with full TLS
/// verification on this host's own address (as an agent on another machine reaches it), and --tls-san adds names.
/// </summary>
public sealed class ServingCertificateTests : IAsyncLifetime
{
    private readonly ApiServerProcess _server = new(null, "--bind-address", "0.0.0.0", "--tls-san", "berth.example,10.99.0.1", "--tls-san", "api.berth.example");

    [Fact]
    public async Task AllAddresses_KubectlVerifiesTheCertificateOnTheHostsAddress_AndTheSansAreCovered()
    {
        var hostAddress = (await Registry.DockerRegistry.RunAsync("ip", "-4", "-o", "route", "get", "192.0.2.200")).Split(" src ")[1].Split(' ')[0];

        var version = await new Kubectl(_server).RunAsync("--server", $"https://{hostAddress}:{_server.Port}", "get", "--raw", "/version");

        Assert.True(version.ExitCode == 0, version.Stderr);
        Assert.Contains("gitVersion", version.Stdout);
        using var serving = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_server.DataDir, "server", "tls", "serving.crt"));
        Assert.All(["berth.example", "api.berth.example", "10.99.0.1", hostAddress], name => Assert.True(serving.MatchesHostname(name), $"the serving certificate does not cover {name}"));
        Assert.False(serving.MatchesHostname("other.example"));
    }

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();
}
