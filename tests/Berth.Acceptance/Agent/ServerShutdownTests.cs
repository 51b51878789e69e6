using Berth.Acceptance.Api;
using Berth.Acceptance.Registry;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// `berth server` stopped with SIGTERM (systemd's stop, a user's kill) shuts its node down in order and exits 0:
/// the cluster DNS address, the node's service proxy table and its pod masquerade table are gone, so nothing on the
/// host still routes to a server that is not running.
/// </summary>
public sealed class ServerShutdownTests
{
    private const string DnsAddress = "10.154.0.10";
    private readonly string _node = $"node-{Guid.NewGuid():N}"[..13];

    private string ProxyTable => $"berth-proxy-{_node}";

    private string MasqueradeTable => $"berth-pods-{_node}";

    [Fact]
    public async Task Sigterm_ExitsZero_AndTakesTheDnsAddressAndProxyTableAway()
    {
        await using var podNetwork = new TestPodNetwork();
        await using var server = new ApiServerProcess(null, ["--node-name", _node, "--service-cidr", "10.154.0.0/16", .. podNetwork.ServerArguments(_node)]) { DisableAgent = false };
        try
        {
            await server.StartAsync();
            await Poll.UntilAsync(async () => await DnsAddressPresentAsync() && await TablePresentAsync(ProxyTable) && await TablePresentAsync(MasqueradeTable), TimeSpan.FromSeconds(60),
                () => $"the agent never put {DnsAddress} on berth-dns and wrote tables ip {ProxyTable} and {MasqueradeTable}");

            var exitCode = await server.StopAsync();

            Assert.Equal(0, exitCode);
            Assert.False(await DnsAddressPresentAsync(), $"{DnsAddress} is still on berth-dns after the server stopped");
            Assert.False(await TablePresentAsync(ProxyTable), $"table ip {ProxyTable} is still there after the server stopped");
            Assert.False(await TablePresentAsync(MasqueradeTable), $"table ip {MasqueradeTable} is still there after the server stopped");
        }
        finally
        {
            await DockerRegistry.TryRunAsync("nft", "delete", "table", "ip", ProxyTable);
            await DockerRegistry.TryRunAsync("ip", "addr", "del", $"{DnsAddress}/32", "dev", "berth-dns");
        }
    }

    private static async Task<bool> DnsAddressPresentAsync() =>
        (await DockerRegistry.TryRunAsync("ip", "-o", "addr", "show", "dev", "berth-dns")).Stdout.Contains($" {DnsAddress}/", StringComparison.Ordinal);

    private static async Task<bool> TablePresentAsync(string table) => (await DockerRegistry.TryRunAsync("nft", "list", "table", "ip", table)).ExitCode == 0;
}
