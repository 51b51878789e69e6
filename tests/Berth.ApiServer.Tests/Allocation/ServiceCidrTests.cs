using System.Net;
using Berth.ApiServer.Allocation;

namespace Berth.ApiServer.Tests.Allocation;

public sealed class ServiceCidrTests
{
    [Theory]
    [InlineData("10.43.0.0/16", "10.43.0.0/16", 65534, "10.43.0.1")]
    [InlineData("10.43.7.9/24", "10.43.7.0/24", 254, "10.43.7.1")]
    [InlineData("192.168.0.0/30", "192.168.0.0/30", 2, "192.168.0.1")]
    public void Parse_MasksTheNetworkAndLeavesOutItsNetworkAndBroadcastAddresses(string text, string network, int size, string first)
    {
        var cidr = ServiceCidr.Parse(text);
        Assert.Equal((network, size, first), (cidr.ToString(), cidr.Size, cidr.AddressAt(0)));
    }

    [Theory]
    [InlineData("10.43.0.1", 0)]
    [InlineData("10.43.255.254", 65533)]
    [InlineData("10.43.0.0", null)]
    [InlineData("10.43.255.255", null)]
    [InlineData("10.44.0.1", null)]
    [InlineData("::1", null)]
    public void OffsetOf_IsNullOutsideTheAllocatableAddresses(string address, int? offset) =>
        Assert.Equal(offset, ServiceCidr.Parse("10.43.0.0/16").OffsetOf(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.43.0.0")]
    [InlineData("10.43.0.0/31")]
    [InlineData("10.43.0.0/4")]
    [InlineData("fd00::/108")]
    [InlineData("ten/16")]
    public void Parse_RefusesWhatIsNotAnIpv4RangeToAllocateFrom(string text) =>
        Assert.StartsWith($"invalid service CIDR {text}", Assert.Throws<FormatException>(() => ServiceCidr.Parse(text)).Message);

    [Theory]
    [InlineData("30000-32767", 30000, 2768)]
    [InlineData("8000-8000", 8000, 1)]
    public void PortRange_Parses(string text, int first, int size)
    {
        var range = PortRange.Parse(text);
        Assert.Equal((first, size, text), (range.First, range.Size, range.ToString()));
    }

    [Theory]
    [InlineData("32767-30000")]
    [InlineData("0-10")]
    [InlineData("30000")]
    public void PortRange_RefusesBackwardsOrOutOfRange(string text) =>
        Assert.Throws<FormatException>(() => PortRange.Parse(text));
}
