using Berth.Agent.Networking;
using Berth.Engine;

namespace Berth.Agent.Tests.Networking;

public sealed class PodNetworkTests
{
    [Fact]
    public async Task Configure_MakesABridgeOnThePodCidr_WithItsFirstAddressAsGatewayAndNoPluginMasquerade()
    {
        var network = new PodNetwork("cni7", "/var/lib/test-ipam");
        Assert.Equal(PodNetwork.NotReadyMessage, network.NotReadyReason);
        var pending = network.ConfigAsync(CancellationToken.None);
        Assert.False(pending.IsCompleted);

        Assert.True(network.Configure("10.42.3.0/24"));

        var bridge = (await pending).Plugins.Single(p => p["type"]!.GetValue<string>() == "bridge");
        Assert.Equal("cni7", bridge["bridge"]!.GetValue<string>());
        Assert.False(bridge["ipMasq"]!.GetValue<bool>());
        var range = bridge["ipam"]!["ranges"]![0]![0]!;
        Assert.Equal("10.42.3.0/24", range["subnet"]!.GetValue<string>());
        Assert.Equal("10.42.3.1", range["gateway"]!.GetValue<string>());
        Assert.Equal("/var/lib/test-ipam", bridge["ipam"]!["dataDir"]!.GetValue<string>());
        Assert.Null(network.NotReadyReason);
    }

    [Fact]
    public void Configure_KeepsTheFirstPodCidr()
    {
        var network = new PodNetwork("cni7", "/tmp/ipam");
        network.Configure("10.42.3.0/24");

        Assert.False(network.Configure("10.42.9.0/24"));

        Assert.Equal("10.42.3.0/24", network.PodCidr);
    }

    [Theory]
    [InlineData("10.42.3.0")]
    [InlineData("fd00::/64")]
    [InlineData("10.42.3.0/31")]
    public void Configure_RefusesWhatIsNotAnIPv4PodSubnet(string podCidr)
    {
        var network = new PodNetwork("cni7", "/tmp/ipam");

        Assert.Throws<BerthException>(() => network.Configure(podCidr));
        Assert.NotNull(network.NotReadyReason);
    }
}
