using Berth.Engine.Network;

namespace Berth.Engine.Tests.Network;

/// <summary>Real traffic through real CNI plugins: container to container, and host to published ports.</summary>
public class CniContainerNetworkTrafficTests
{
    [Fact]
    public async Task AttachAsync_TwoContainers_ReachEachOtherOverTheBridge()
    {
        await using var net = new TestBridgeNetwork();
        var server = await net.AttachAsync(net.NewContainerId());
        var client = await net.AttachAsync(net.NewContainerId());
        await net.ServeAsync(server.NamespacePath, "from-server");

        var ping = await HostCommand.InNamespaceAsync(client.NamespacePath, "ping", "-c", "1", "-W", "2", server.IPAddress);
        var page = await HostCommand.InNamespaceAsync(client.NamespacePath, "wget", "-q", "-O", "-", $"http://{server.IPAddress}/");

        Assert.StartsWith(net.SubnetPrefix, server.IPAddress);
        Assert.StartsWith(net.SubnetPrefix, client.IPAddress);
        Assert.NotEqual(server.IPAddress, client.IPAddress);
        Assert.Equal(0, ping.ExitCode);
        Assert.Equal("from-server", page.Stdout);
    }

    [Fact]
    public async Task AttachAsync_PublishedPortOnLoopback_ServesFromTheHost()
    {
        await using var net = new TestBridgeNetwork();
        var port = TestBridgeNetwork.FreePort();
        var container = await net.AttachAsync(net.NewContainerId(), new PortMapping("127.0.0.1", port, 80));
        await net.ServeAsync(container.NamespacePath, "published");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var viaLoopback = await http.GetStringAsync($"http://127.0.0.1:{port}/");
        var viaBridge = await http.GetStringAsync($"http://{container.IPAddress}:80/");

        Assert.Equal("published", viaLoopback);
        Assert.Equal("published", viaBridge);
    }

    [Fact]
    public async Task AttachAsync_PublishedPortOnAllAddresses_ServesOnTheGatewayAndToOtherContainers()
    {
        await using var net = new TestBridgeNetwork();
        var port = TestBridgeNetwork.FreePort();
        var server = await net.AttachAsync(net.NewContainerId(), new PortMapping("", port, 80));
        var client = await net.AttachAsync(net.NewContainerId());
        await net.ServeAsync(server.NamespacePath, "everywhere");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var fromHost = await http.GetStringAsync($"http://{server.Gateway}:{port}/");
        var fromContainer = await HostCommand.InNamespaceAsync(client.NamespacePath, "wget", "-q", "-O", "-", $"http://{server.Gateway}:{port}/");

        Assert.Equal("everywhere", fromHost);
        Assert.Equal("everywhere", fromContainer.Stdout);
    }

    [Fact]
    public async Task AttachAsync_NewNamespace_HasLoopbackUp()
    {
        await using var net = new TestBridgeNetwork();
        var container = await net.AttachAsync(net.NewContainerId());

        var ping = await HostCommand.InNamespaceAsync(container.NamespacePath, "ping", "-c", "1", "-W", "2", "127.0.0.1");

        Assert.Equal(0, ping.ExitCode);
    }
}
