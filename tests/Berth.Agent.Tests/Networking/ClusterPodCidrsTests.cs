using Berth.Agent.Networking;
using k8s.Models;

namespace Berth.Agent.Tests.Networking;

public sealed class ClusterPodCidrsTests
{
    private static V1Node Node(string name, string? podCidr, string? internalIp, params string[] podCidrs) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1NodeSpec { PodCIDR = podCidr, PodCIDRs = podCidrs.Length > 0 ? podCidrs : null },
        Status = new V1NodeStatus
        {
            Addresses = internalIp is null ? [Address("node-" + name, "Hostname")] : [Address("node-" + name, "Hostname"), Address(internalIp, "InternalIP")],
        },
    };

    private static V1NodeAddress Address(string address, string type) => new() { Address = address, Type = type };

    [Fact]
    public void Routes_LeadToEveryOtherNodesPodCidrThroughItsInternalIp()
    {
        V1Node[] nodes = [Node("b", "10.42.1.0/24", "192.168.5.2"), Node("a", "10.42.0.0/24", "192.168.5.1"), Node("c", "10.42.2.0/24", "192.168.5.3")];

        var routes = ClusterPodCidrs.Routes(nodes, "a");

        Assert.Equal([new PodRoute("10.42.1.0/24", "192.168.5.2"), new PodRoute("10.42.2.0/24", "192.168.5.3")], routes);
    }

    [Theory]
    [InlineData(null, "192.168.5.2")] // no pod CIDR yet: the node-ipam-controller has not reached it
    [InlineData("10.42.1.0/24", null)] // no InternalIP: nothing to route through
    [InlineData("fd00:42::/64", "192.168.5.2")] // IPv6 pods are not routed (IPv4 only)
    public void Routes_LeaveOutNodesThatCannotBeRoutedTo(string? podCidr, string? internalIp)
    {
        var routes = ClusterPodCidrs.Routes([Node("a", "10.42.0.0/24", "192.168.5.1"), Node("b", podCidr, internalIp)], "a");

        Assert.Empty(routes);
    }

    [Fact]
    public void All_TakesPodCidrsOverPodCidr_AndKeepsIPv4Only()
    {
        var all = ClusterPodCidrs.All([Node("a", "10.42.0.0/24", null), Node("b", "10.42.1.0/24", null, "10.42.1.0/24", "fd00:42::/64"), Node("c", null, null)]);

        Assert.Equal(["10.42.0.0/24", "10.42.1.0/24"], all);
    }
}
