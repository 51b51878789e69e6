using Berth.Engine.Network;

namespace Berth.Engine.Tests.Network;

public class PortMappingTests
{
    [Theory]
    [InlineData("8080:80", "", 8080, 80, "tcp")]
    [InlineData("127.0.0.1:8080:80", "127.0.0.1", 8080, 80, "tcp")]
    [InlineData("0.0.0.0:53:53/udp", "", 53, 53, "udp")]
    [InlineData("10.0.0.1:1:65535/sctp", "10.0.0.1", 1, 65535, "sctp")]
    public void Parse_ValidForm_ReturnsTheMapping(string text, string hostIp, int hostPort, int containerPort, string protocol)
    {
        var mapping = PortMapping.Parse(text);

        Assert.Equal(new PortMapping(hostIp, hostPort, containerPort, protocol), mapping);
    }

    [Theory]
    [InlineData("80")]
    [InlineData(":80")]
    [InlineData("x:80")]
    [InlineData("8080:0")]
    [InlineData("70000:80")]
    [InlineData("8080:80/icmp")]
    [InlineData("localhost:8080:80")]
    [InlineData("::1:8080:80")]
    [InlineData("10:8080:80")]
    public void Parse_InvalidForm_ThrowsNamingTheInput(string text)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => PortMapping.Parse(text));

        Assert.StartsWith("invalid port mapping", error.Message);
    }

    [Theory]
    [InlineData("", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    public void Overlaps_SamePortAndProtocol_DependsOnTheHostAddress(string first, string second, bool expected)
    {
        Assert.Equal(expected, new PortMapping(first, 8080, 80).Overlaps(new PortMapping(second, 8080, 81)));
    }

    [Fact]
    public void Overlaps_OtherProtocolOrPort_IsFalse()
    {
        var tcp = new PortMapping("", 53, 53);

        Assert.False(tcp.Overlaps(new PortMapping("", 53, 53, "udp")));
        Assert.False(tcp.Overlaps(new PortMapping("", 54, 53)));
    }
}
