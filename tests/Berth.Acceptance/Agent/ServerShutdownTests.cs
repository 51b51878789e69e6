using Berth.Acceptance.Api;
using Berth.Acceptance.Containers;
using Berth.Acceptance.Registry;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// `berth server` stopped with SIGTERM (systemd's stop, a user's kill) shuts its node down in order and exits 0:
/// the cluster DNS address and the node's service proxy table are gone, so nothing on the host still routes to a
/// server that is not running.
/// </summary>
public sealed class ServerShutdownTests
{
    private const string DnsAddress = "10.154.0.10";
    private readonly string _node = $"node-{Guid.NewGuid():N}"[..13];

    private string ProxyTable => $"berth-proxy-{_node}";

    [Fact]
    public async Task Sigterm_ExitsZero_AndTakesTheDnsAddressAndProxyTableAway()
    {
        await using var server = new ApiServerProcess(null, "--node-name", _node, "--service-cidr", "10.154.0.0/16") { DisableAgent = false };
        using var bridge = new TestBridge(Path.Combine(server.DataDir, "engine"), masquerade: false);
        try
        {
            await server.StartAsync();
            await Poll.UntilAsync(async () => await DnsAddressPresentAsync() && await ProxyTablePresentAsync(), TimeSpan.FromSeconds(60),
                () => $"the agent never put {DnsAddress} on berth-dns and wrote table ip {ProxyTable}");

            var exitCode = await server.StopAsync();

            Assert.Equal(0, exitCode);
            Assert.False(await DnsAddressPresentAsync(), $"{DnsAddress} is still on berth-dns after the server stopped");
            Assert.False(await ProxyTablePresentAsync(), $"table ip {ProxyTable} is still there after the server stopped");
        }
        finally
        {
            await DockerRegistry.TryRunAsync("nft", "delete", "table", "ip", ProxyTable);
            await DockerRegistry.TryRunAsync("ip", "addr", "del", $"{DnsAddress}/32", "dev", "berth-dns");
        }
    }

    private static async Task<bool> DnsAddressPresentAsync() =>
        (await DockerRegistry.TryRunAsync("ip", "-o", "addr", "show", "dev", "berth-dns")).Stdout.Contains($" {DnsAddress}/", StringComparison.Ordinal);

    private async Task<bool> ProxyTablePresentAsync() => (await DockerRegistry.TryRunAsync("nft", "list", "table", "ip", ProxyTable)).ExitCode == 0;
}
