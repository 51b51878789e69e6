using System.Text.Json.Nodes;
using Berth.Engine.Network;

namespace Berth.Engine.Tests.Network;

public class CniNetworkConfigListTests
{
    [Fact]
    public void ToConfigList_Defaults_IsTheBerth0BridgeOn10_89()
    {
        var list = new BridgeNetworkOptions().ToConfigList("/root/cni/ipam");

        var bridge = list.Plugins[0];
        var range = bridge["ipam"]!["ranges"]![0]![0]!;
        Assert.Equal("berth", list.Name);
        Assert.Equal("berth0", bridge["bridge"]!.GetValue<string>());
        Assert.True(bridge["ipMasq"]!.GetValue<bool>());
        Assert.Equal("10.89.0.0/16", range["subnet"]!.GetValue<string>());
        Assert.Equal("10.89.0.1", range["gateway"]!.GetValue<string>());
        Assert.Equal("/root/cni/ipam", bridge["ipam"]!["dataDir"]!.GetValue<string>());
        Assert.Equal("portmap", list.Plugins[1]["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("a-name-that-is-too-long", "10.89.0.0/16", "10.89.0.1", "invalid bridge name")]
    [InlineData("br0", "10.89.0.1/16", "10.89.0.1", "invalid subnet")]
    [InlineData("br0", "fd00::/64", "fd00::1", "invalid subnet")]
    [InlineData("br0", "10.89.0.0/16", "10.90.0.1", "invalid gateway")]
    public void ToConfigList_BadOptions_ThrowsNamingTheField(string bridge, string subnet, string gateway, string expected)
    {
        var options = new BridgeNetworkOptions { BridgeName = bridge, Subnet = subnet, Gateway = gateway };

        var error = Assert.Throws<BerthException>(() => options.ToConfigList("/tmp"));

        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void WithRequestedAddress_AsksTheIpamPluginOnly_AndLeavesTheOriginalAlone()
    {
        var list = new BridgeNetworkOptions().ToConfigList("/ipam");

        var fixedAddress = list.WithRequestedAddress("10.89.0.77");

        Assert.Equal("""{"cni":{"ips":["10.89.0.77"]}}""", fixedAddress.PluginConfig(0, null, [])["args"]!.ToJsonString());
        Assert.Null(fixedAddress.PluginConfig(1, null, [])["args"]);
        Assert.Null(list.PluginConfig(0, null, [])["args"]);
    }

    [Fact]
    public void PluginConfig_PortmapWithPrevResult_AddsNameVersionPrevResultAndPortMappings()
    {
        var list = new BridgeNetworkOptions().ToConfigList("/ipam");
        var prev = new JsonObject { ["cniVersion"] = "1.0.0", ["ips"] = new JsonArray() };

        var config = list.PluginConfig(1, prev, [new PortMapping("127.0.0.1", 8080, 80), new PortMapping("", 53, 53, "udp")]);

        Assert.Equal("berth", config["name"]!.GetValue<string>());
        Assert.Equal("1.0.0", config["cniVersion"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(prev, config["prevResult"]));
        var mappings = config["runtimeConfig"]!["portMappings"]!.AsArray();
        Assert.Equal("""{"hostPort":8080,"containerPort":80,"protocol":"tcp","hostIP":"127.0.0.1"}""", mappings[0]!.ToJsonString());
        Assert.Equal("""{"hostPort":53,"containerPort":53,"protocol":"udp"}""", mappings[1]!.ToJsonString());
    }

    [Fact]
    public void PluginConfig_PluginWithoutCapabilities_GetsNoRuntimeConfigAndTheListIsUnchanged()
    {
        var list = new BridgeNetworkOptions().ToConfigList("/ipam");
        var before = list.ToJsonString();

        var config = list.PluginConfig(0, null, [new PortMapping("", 8080, 80)]);

        Assert.Null(config["runtimeConfig"]);
        Assert.Null(config["prevResult"]);
        Assert.Equal(before, list.ToJsonString());
    }

    [Fact]
    public void IsIdleFor_PortmapWithoutPorts_IsTrueOnlyThen()
    {
        var list = new BridgeNetworkOptions().ToConfigList("/ipam");

        Assert.True(list.IsIdleFor(1, []));
        Assert.False(list.IsIdleFor(1, [new PortMapping("", 8080, 80)]));
        Assert.False(list.IsIdleFor(0, []));
    }

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"cniVersion":"1.0.0","plugins":[{"type":"bridge"}]}""", "\"name\"")]
    [InlineData("""{"name":"n","cniVersion":"1.0.0","plugins":[]}""", "\"plugins\"")]
    [InlineData("""{"name":"n","cniVersion":"1.0.0","plugins":[{"bridge":"x"}]}""", "\"type\"")]
    [InlineData("""{"name":""", "")]
    public void Load_BadFile_ThrowsNamingTheFile(string content, string expected)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, content);

            var error = Assert.Throws<BerthException>(() => CniNetworkConfigList.Load(path));

            Assert.StartsWith($"invalid CNI network configuration {path}: ", error.Message);
            Assert.Contains(expected, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
