using Berth.Controllers.NodeIpam;

namespace Berth.Controllers.Tests.NodeIpam;

public sealed class PodCidrAllocatorTests
{
    [Theory]
    [InlineData("10.42.0.0/16", 24, 0, "10.42.0.0/24")]
    [InlineData("10.42.0.0/16", 24, 255, "10.42.255.0/24")]
    [InlineData("10.42.7.9/16", 24, 1, "10.42.1.0/24")]
    [InlineData("10.0.0.0/8", 20, 3, "10.0.48.0/20")]
    [InlineData("192.168.0.0/24", 26, 2, "192.168.0.128/26")]
    public void SubnetAt_CutsTheRangeIntoNodeSubnets(string range, int mask, int index, string subnet)
    {
        var cidr = ClusterCidr.Parse(range, mask);

        Assert.Equal(subnet, cidr.SubnetAt(index));
        Assert.Equal(index, cidr.IndexOf(subnet));
    }

    [Theory]
    [InlineData("10.43.0.0/24")]
    [InlineData("10.42.1.0/25")]
    [InlineData("10.42.1.1/24")]
    [InlineData("not-a-cidr")]
    [InlineData("fd00::/64")]
    public void IndexOf_AnythingButANodeSubnetOfTheRange_IsNull(string subnet)
    {
        Assert.Null(ClusterCidr.Parse("10.42.0.0/16").IndexOf(subnet));
    }

    [Theory]
    [InlineData("10.42.0.0", 24, "invalid cluster CIDR 10.42.0.0")]
    [InlineData("fd00::/48", 24, "invalid cluster CIDR fd00::/48")]
    [InlineData("10.42.0.0/16", 8, "node CIDR mask size 8 does not fit cluster CIDR 10.42.0.0/16: want /16 to /30")]
    [InlineData("10.0.0.0/8", 28, "node CIDR mask size 28 does not fit cluster CIDR 10.0.0.0/8: want /8 to /24")]
    public void Parse_RefusesWhatCannotBeCut(string range, int mask, string message)
    {
        Assert.StartsWith(message, Assert.Throws<FormatException>(() => ClusterCidr.Parse(range, mask)).Message);
    }

    [Fact]
    public void Allocate_GoesRoundRobin_SkippingWhatNodesHold_AndNeverGivesANodeTwo()
    {
        var allocator = new PodCidrAllocator(ClusterCidr.Parse("10.42.0.0/22"));
        Assert.True(allocator.Occupy("old", "10.42.1.0/24"));

        Assert.Equal("10.42.0.0/24", allocator.Allocate("a"));
        Assert.Equal("10.42.2.0/24", allocator.Allocate("b"));
        Assert.Equal("10.42.2.0/24", allocator.Allocate("b"));
        allocator.Release("a", "10.42.0.0/24");
        Assert.Equal("10.42.3.0/24", allocator.Allocate("c"));
        Assert.Equal("10.42.0.0/24", allocator.Allocate("d"));
        Assert.Null(allocator.Allocate("e"));
    }

    [Fact]
    public void Release_ByANodeThatDoesNotHoldTheSubnet_KeepsItTaken()
    {
        var allocator = new PodCidrAllocator(ClusterCidr.Parse("10.42.0.0/23"));
        Assert.Equal("10.42.0.0/24", allocator.Allocate("a"));
        Assert.Equal("10.42.1.0/24", allocator.Allocate("b"));

        allocator.Release("b", "10.42.0.0/24");

        Assert.Null(allocator.Allocate("c"));
    }

    [Fact]
    public void Occupy_OutsideTheRange_IsRefusedAndTakesNothing()
    {
        var allocator = new PodCidrAllocator(ClusterCidr.Parse("10.42.0.0/24", 24));

        Assert.False(allocator.Occupy("foreign", "10.50.0.0/24"));
        Assert.Equal("10.42.0.0/24", allocator.Allocate("a"));
    }
}
