using System.Text.Json;
using Berth.Acceptance.Containers;

namespace Berth.Acceptance.Network;

/// <summary>
/// `berth network connect` / `disconnect` on the real CNI plugins: a running container gets an interface on another
/// user network and its names there (and loses both), a created one keeps a fixed address across restarts, with
/// Podman's errors and exit codes.
/// </summary>
public sealed class NetworkConnectTests(BusyboxEngineRoot root) : UserNetworkFixture(root), IClassFixture<BusyboxEngineRoot>
{
    [Fact]
    public async Task Connect_RunningContainer_ReachesPeersByNameThere_UntilDisconnected()
    {
        await Root.BerthAsync("network", "create", "front");
        await Root.BerthAsync("network", "create", "back");
        var web = await Root.BerthAsync("run", "-d", "--name", "web", "--network", "front", Image, "sh", "-c", Serve("from-web"));
        var client = await Root.BerthAsync("run", "-d", "--name", "client", "--network", "back", Image, "sh", "-c", Serve("from-client"));

        var before = await FetchAsync("client", "web");
        var connect = await Root.BerthAsync("network", "connect", "--alias", "cli", "front", "client");
        var toWeb = await FetchAsync("client", "web");
        var toClientByAlias = await FetchAsync("web", "cli");
        var resolvConf = await Root.BerthAsync("exec", "client", "cat", "/etc/resolv.conf");
        var networks = JsonDocument.Parse((await Root.BerthAsync("inspect", "client")).Stdout).RootElement[0].GetProperty("NetworkSettings").GetProperty("Networks");
        var again = await Root.BerthAsync("network", "connect", "front", "client");
        var disconnect = await Root.BerthAsync("network", "disconnect", "front", "client");
        var after = await FetchAsync("client", "web");
        var interfaces = await Root.BerthAsync("exec", "client", "ip", "-o", "link");
        var notConnected = await Root.BerthAsync("network", "disconnect", "front", "client");
        var last = await Root.BerthAsync("network", "disconnect", "back", "client");

        Assert.True(web.ExitCode == 0 && client.ExitCode == 0, web.Stderr + client.Stderr);
        Assert.NotEqual(0, before.ExitCode);
        Assert.Equal((0, "", ""), (connect.ExitCode, connect.Stdout, connect.Stderr));
        Assert.Equal((0, "from-web\n"), (toWeb.ExitCode, toWeb.Stdout));
        Assert.Equal((0, "from-client\n"), (toClientByAlias.ExitCode, toClientByAlias.Stdout));
        Assert.Equal(2, resolvConf.Stdout.Split('\n').Count(l => l.StartsWith("nameserver 10.90.", StringComparison.Ordinal)));
        Assert.Equal(["back", "front"], networks.EnumerateObject().Select(n => n.Name).Order());
        Assert.Contains("cli", networks.GetProperty("front").GetProperty("Aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(125, again.ExitCode);
        Assert.Matches("^Error: container [0-9a-f]{64} is already connected to network \"front\": network is already connected\n$", again.Stderr);
        Assert.Equal((0, ""), (disconnect.ExitCode, disconnect.Stderr));
        Assert.NotEqual(0, after.ExitCode);
        Assert.DoesNotContain("eth1", interfaces.Stdout);
        Assert.Equal((125, "Error: container client is not connected to network front\n"), (notConnected.ExitCode, notConnected.Stderr));
        Assert.Equal(125, last.ExitCode);
        Assert.Contains("last network", last.Stderr);
    }

    [Fact]
    public async Task Connect_CreatedContainerOnTheDefaultBridge_KeepsBothNetworksAndTheFixedAddressAcrossStarts()
    {
        await Root.BerthAsync("network", "create", "--subnet", "10.90.251.0/24", "fixed");
        await Root.BerthAsync("create", "--name", "solo", Image, "ip", "-4", "-o", "addr", "show");

        var outside = await Root.BerthAsync("network", "connect", "--ip", "10.1.1.1", "fixed", "solo");
        var badIp = await Root.BerthAsync("network", "connect", "--ip", "bad", "fixed", "solo");
        var connect = await Root.BerthAsync("network", "connect", "--ip", "10.90.251.77", "fixed", "solo");
        var first = await Root.BerthAsync("start", "-a", "solo");
        var second = await Root.BerthAsync("start", "-a", "solo");

        Assert.Equal((125, "Error: requested static ip 10.1.1.1 not in any subnet on network fixed\n"), (outside.ExitCode, outside.Stderr));
        Assert.Equal((125, "Error: invalid argument \"bad\" for \"--ip\" flag: failed to parse IP: \"bad\"\n"), (badIp.ExitCode, badIp.Stderr));
        Assert.True(connect.ExitCode == 0, connect.Stderr);
        foreach (var run in new[] { first, second })
        {
            Assert.True(run.ExitCode == 0, run.Stderr);
            Assert.Matches(@"eth0\s+inet 10\.89\.", run.Stdout);
            Assert.Matches(@"eth1\s+inet 10\.90\.251\.77/24", run.Stdout);
        }
    }

    [Fact]
    public async Task ConnectAndDisconnect_UnknownContainerOrNetwork_PodmansErrors()
    {
        await Root.BerthAsync("network", "create", "known");
        await Root.BerthAsync("create", "--name", "member", Image, "true");

        var noContainer = await Root.BerthAsync("network", "connect", "known", "nosuch");
        var noNetwork = await Root.BerthAsync("network", "connect", "nowhere", "member");
        var disconnectNoNetwork = await Root.BerthAsync("network", "disconnect", "nowhere", "member");
        var missingArgument = await Root.BerthAsync("network", "connect", "known");

        Assert.Equal((125, "Error: no container with name or ID \"nosuch\" found: no such container\n"), (noContainer.ExitCode, noContainer.Stderr));
        Assert.Equal((125, "Error: unable to find network with name or ID nowhere: network not found\n"), (noNetwork.ExitCode, noNetwork.Stderr));
        Assert.Equal((125, "Error: unable to find network with name or ID nowhere: network not found\n"), (disconnectNoNetwork.ExitCode, disconnectNoNetwork.Stderr));
        Assert.Equal(125, missingArgument.ExitCode);
    }

    private static string Serve(string body) => $"mkdir /www && echo {body} > /www/index.html && exec httpd -f -p 80 -h /www";

    // busybox wget -T crashes; timeout ends it instead, from a shell that stays its parent.
    private Task<ProcessResult> FetchAsync(string container, string host) =>
        Root.BerthAsync("exec", container, "sh", "-c", $"timeout 3 wget -q -O- http://{host}/; exit $?");
}
