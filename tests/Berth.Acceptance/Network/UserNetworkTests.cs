using System.Text.Json;
using Berth.Acceptance.Containers;

namespace Berth.Acceptance.Network;

/// <summary>
/// `berth network create/ls/inspect/rm/prune` and `run --network NAME` on the real CNI bridge plugin: a bridge
/// and subnet per network, published ports on a user network, and nothing left on the host after rm.
/// </summary>
public sealed class UserNetworkTests(BusyboxEngineRoot root) : UserNetworkFixture(root), IClassFixture<BusyboxEngineRoot>
{
    [Fact]
    public async Task Create_ListInspectAndRemove_LeavesNothingBehind()
    {
        var create = await Root.BerthAsync("network", "create", "--subnet", "10.90.250.0/24", "--label", "a=b", "lab");
        var ls = await Root.BerthAsync("network", "ls");
        var inspect = JsonDocument.Parse((await Root.BerthAsync("network", "inspect", "lab")).Stdout).RootElement[0];
        var bridge = inspect.GetProperty("network_interface").GetString()!;
        var run = await Root.BerthAsync("run", "--rm", "--network", "lab", Image, "sh", "-c", "ip -4 -o addr show eth0 && ip route");
        var rm = await Root.BerthAsync("network", "rm", "lab");
        var missing = await Root.BerthAsync("network", "inspect", "lab");

        Assert.Equal((0, "lab\n"), (create.ExitCode, create.Stdout));
        Assert.Matches(@"NETWORK ID\s+NAME\s+DRIVER\n[0-9a-f]{12}\s+bridge\s+bridge\n[0-9a-f]{12}\s+host\s+host\n[0-9a-f]{12}\s+none\s+null\n[0-9a-f]{12}\s+lab\s+bridge\n", ls.Stdout);
        Assert.Equal("10.90.250.1", inspect.GetProperty("subnets")[0].GetProperty("gateway").GetString());
        Assert.Equal("b", inspect.GetProperty("labels").GetProperty("a").GetString());
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("inet 10.90.250.", run.Stdout);
        Assert.Contains("default via 10.90.250.1", run.Stdout);
        Assert.Equal((0, "lab\n"), (rm.ExitCode, rm.Stdout));
        Assert.Equal(125, missing.ExitCode);
        Assert.Equal("Error: unable to find network with name or ID lab: network not found\n", missing.Stderr);
        Assert.False(HostTraces.InterfaceExists(bridge));
        Assert.Empty(await HostTraces.NftLinesAsync(bridge));
        Assert.False(Directory.Exists($"/var/lib/cni/berth/{bridge}"));
        Assert.False(File.Exists("/var/lib/cni/berth/subnets/10.90.250.0_24"));
    }

    [Fact]
    public async Task PublishedPort_OnAUserNetwork_AnswersFromTheHost()
    {
        await Root.BerthAsync("network", "create", "pub");
        var port = NetworkPorts.Free();
        var run = await Root.BerthAsync("run", "-d", "--name", "web", "--network", "pub", "-p", $"127.0.0.1:{port}:80", Image,
            "sh", "-c", "mkdir /www && echo published > /www/index.html && exec httpd -f -p 80 -h /www");

        var body = await HttpRetry.GetStringAsync($"http://127.0.0.1:{port}/index.html");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("published\n", body);
    }

    [Fact]
    public async Task Internal_NoRouteOut_AndRemovalOfAUsedNetworkRefused()
    {
        await Root.BerthAsync("network", "create", "--internal", "sealed");
        var route = await Root.BerthAsync("run", "--rm", "--network", "sealed", Image, "ip", "route");
        await Root.BerthAsync("create", "--name", "member", "--network", "sealed", Image, "true");
        var busy = await Root.BerthAsync("network", "rm", "sealed");
        var badAlias = await Root.BerthAsync("run", "--rm", "--network-alias", "x", Image, "true");

        Assert.True(route.ExitCode == 0, route.Stderr);
        Assert.DoesNotContain("default", route.Stdout);
        Assert.Equal(2, busy.ExitCode);
        Assert.Equal("Error: \"sealed\" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used\n", busy.Stderr);
        Assert.NotEqual(0, badAlias.ExitCode);
        Assert.Contains("--network-alias is only supported with user defined networks", badAlias.Stderr);
    }
}
