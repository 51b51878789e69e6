using Berth.Controllers.ServiceLoadBalancer;
using k8s.Models;

namespace Berth.Controllers.Tests.ServiceLoadBalancer;

public sealed class LoadBalancerAddressesTests
{
    [Fact]
    public void Of_TakesEachReadyNodesExternalAddress_ElseItsInternalOne_Sorted()
    {
        var nodes = new[]
        {
            Node("b", ready: "True", ("InternalIP", "10.0.0.9")),
            Node("a", ready: "True", ("InternalIP", "10.0.0.2"), ("ExternalIP", "192.0.2.7")),
            Node("c", ready: "True", ("Hostname", "c")),
        };

        Assert.Equal(["10.0.0.9", "192.0.2.7"], LoadBalancerAddresses.Of(nodes));
    }

    [Theory]
    [InlineData("False")]
    [InlineData("Unknown")]
    public void Of_LeavesOutNodesThatAreNotReady(string ready)
    {
        Assert.Equal(["10.0.0.1"], LoadBalancerAddresses.Of([Node("a", "True", ("InternalIP", "10.0.0.1")), Node("b", ready, ("InternalIP", "10.0.0.2"))]));
    }

    [Fact]
    public void Of_LeavesOutNodesLabelledToBeExcluded_AndNamesASharedAddressOnce()
    {
        var excluded = Node("x", "True", ("InternalIP", "10.0.0.3"));
        excluded.Metadata.Labels = new Dictionary<string, string> { [LoadBalancerAddresses.ExcludeLabel] = "" };

        Assert.Equal(["10.0.0.1"], LoadBalancerAddresses.Of([Node("a", "True", ("InternalIP", "10.0.0.1")), Node("b", "True", ("InternalIP", "10.0.0.1")), excluded]));
    }

    [Fact]
    public void Of_NoReadyNode_NoAddress()
    {
        Assert.Empty(LoadBalancerAddresses.Of([new V1Node { Metadata = new V1ObjectMeta { Name = "new" } }]));
    }

    private static V1Node Node(string name, string ready, params (string Type, string Address)[] addresses) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Status = new V1NodeStatus
        {
            Conditions = [new V1NodeCondition { Type = "Ready", Status = ready }],
            Addresses = [.. addresses.Select(a => new V1NodeAddress { Type = a.Type, Address = a.Address })],
        },
    };
}
