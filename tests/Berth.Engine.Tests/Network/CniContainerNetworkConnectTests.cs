using Berth.Engine.Network;

namespace Berth.Engine.Tests.Network;

/// <summary>One container on two networks (eth0, eth1) in one namespace: connect, disconnect one, detach all.</summary>
public class CniContainerNetworkConnectTests
{
    [Fact]
    public async Task ConnectAsync_SecondNetwork_SharesTheNamespaceAndGoesAloneOnDisconnect()
    {
        await using var first = new TestBridgeNetwork();
        await using var second = new TestBridgeNetwork();
        var id = first.NewContainerId();
        var secondConfig = second.Options.Bridge.ToConfigList(Path.Combine(second.Options.IpamDirectory, second.BridgeName));

        var eth0 = await first.AttachAsync(id);
        var eth1 = await first.Network.ConnectAsync(id, secondConfig, "eth1", []);
        var addresses = (await HostCommand.RunAsync("nsenter", $"--net={eth0.NamespacePath}", "ip", "-4", "-o", "addr")).Stdout;
        var attached = first.Network.AttachmentsOf(id);

        await first.Network.DisconnectAsync(id, "eth1");
        var afterDisconnect = (await HostCommand.RunAsync("nsenter", $"--net={eth0.NamespacePath}", "ip", "-4", "-o", "addr")).Stdout;

        Assert.Equal(eth0.NamespacePath, eth1.NamespacePath);
        Assert.StartsWith(second.SubnetPrefix, eth1.IPAddress);
        Assert.Contains($"eth0    inet {eth0.IPAddress}/", addresses);
        Assert.Contains($"eth1    inet {eth1.IPAddress}/", addresses);
        Assert.Equal(["eth0", "eth1"], attached.Keys.Order());
        Assert.DoesNotContain("eth1", afterDisconnect);
        Assert.Contains(eth0.IPAddress, afterDisconnect);
        Assert.False(File.Exists(Path.Combine(second.Options.IpamDirectory, second.BridgeName, second.Options.Bridge.NetworkName, eth1.IPAddress)));

        await first.Network.DetachAsync(id);

        Assert.False(File.Exists(eth0.NamespacePath));
        Assert.Empty(first.Network.AttachmentsOf(id));
        Assert.Empty(await TestBridgeNetwork.IptablesLinesAsync(id, first.SubnetPrefix, second.SubnetPrefix));
    }

    [Fact]
    public async Task DetachAsync_NamespaceLostWithTwoNetworks_RemovesTheRulesOfBoth()
    {
        await using var first = new TestBridgeNetwork();
        await using var second = new TestBridgeNetwork();
        var id = first.NewContainerId();
        var secondConfig = second.Options.Bridge.ToConfigList(Path.Combine(second.Options.IpamDirectory, second.BridgeName));
        var eth0 = await first.AttachAsync(id);
        await first.Network.ConnectAsync(id, secondConfig, "eth1", []);
        Assert.NotEmpty(await TestBridgeNetwork.IptablesLinesAsync(id));

        await HostCommand.RunAsync("ip", "netns", "del", "berth-" + id);
        await first.Network.DetachAsync(id);

        Assert.False(File.Exists(eth0.NamespacePath));
        Assert.Empty(await TestBridgeNetwork.IptablesLinesAsync(id, first.SubnetPrefix, second.SubnetPrefix));
    }
}
