using System.Text.Json.Nodes;
using Berth.Engine.Network;

namespace Berth.Engine.Tests.Network;

public class CniResultTests
{
    private static readonly CniRuntimeArgs Args = new("c1", "/run/netns/berth-c1", "eth0");

    [Fact]
    public void ToAttachment_BridgeResult_ReadsTheContainerInterface()
    {
        var result = JsonNode.Parse("""
            {"cniVersion":"1.0.0",
             "interfaces":[{"name":"berth0","mac":"6a:2a:96:7a:d1:b9"},{"name":"veth1","mac":"2e:79:39:44:8d:5b"},
                           {"name":"eth0","mac":"02:38:24:37:71:07","sandbox":"/run/netns/berth-c1"}],
             "ips":[{"interface":2,"address":"10.89.0.7/16","gateway":"10.89.0.1"}]}
            """)!.AsObject();

        var attachment = CniResult.ToAttachment(result, Args);

        Assert.Equal(new NetworkAttachment("/run/netns/berth-c1", "10.89.0.7", 16, "10.89.0.1", "02:38:24:37:71:07"), attachment);
    }

    [Theory]
    [InlineData("""{"interfaces":[{"name":"eth0","sandbox":"/run/netns/berth-c1"}],"ips":[{"interface":0,"address":"fd00::7/64"}]}""")]
    [InlineData("""{"interfaces":[{"name":"eth0","sandbox":"/run/netns/other"}],"ips":[{"interface":0,"address":"10.89.0.7/16"}]}""")]
    [InlineData("""{"interfaces":[{"name":"eth0","sandbox":"/run/netns/berth-c1"}],"ips":[{"interface":3,"address":"10.89.0.7/16"}]}""")]
    [InlineData("""{"interfaces":[],"ips":[]}""")]
    public void ToAttachment_NoIPv4OnTheContainerInterface_Throws(string json)
    {
        var error = Assert.Throws<BerthException>(() => CniResult.ToAttachment(JsonNode.Parse(json)!.AsObject(), Args));

        Assert.Contains("no IPv4 address on eth0", error.Message);
    }
}
