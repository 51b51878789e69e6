using Berth.Cli.Commands;
using Berth.Engine;
using Berth.Engine.Network;

namespace Berth.Cli.Tests.Commands;

public sealed class ContainerPortCommandTests
{
    private static readonly PortMapping[] Ports = [new("", 38080, 8080), new("127.0.0.1", 5353, 53, "udp")];

    [Fact]
    public void Lines_NoPort_EveryMappingAsPodmanPrintsIt()
    {
        Assert.Equal(["8080/tcp -> 0.0.0.0:38080", "53/udp -> 127.0.0.1:5353"], ContainerPortCommand.Lines(Ports, null));
    }

    [Fact]
    public void Lines_All_PrefixesTheShortId()
    {
        Assert.Equal("93f11c064106\t8080/tcp -> 0.0.0.0:38080", ContainerPortCommand.Lines(Ports, null, "93f11c064106\t").First());
    }

    [Theory]
    [InlineData("8080", "0.0.0.0:38080")]
    [InlineData("8080/tcp", "0.0.0.0:38080")]
    [InlineData("53/udp", "127.0.0.1:5353")]
    public void Lines_OnePort_ItsHostAddress(string port, string expected)
    {
        Assert.Equal([expected], ContainerPortCommand.Lines(Ports, port));
    }

    [Fact]
    public void Lines_UnpublishedPort_PodmansError()
    {
        Assert.Equal("failed to find published port \"53/tcp\"", Assert.Throws<BerthException>(() => ContainerPortCommand.Lines(Ports, "53")).Message);
    }

    [Fact]
    public void Lines_NotAPort_Error()
    {
        Assert.Throws<InvalidArgumentException>(() => ContainerPortCommand.Lines(Ports, "http"));
    }
}
