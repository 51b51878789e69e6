using System.Text.Json.Nodes;
using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Runtime;

public sealed class BundleResourcesTests : IDisposable
{
    private readonly string _config = Path.Combine(Directory.CreateTempSubdirectory("berth-bundle-").FullName, "config.json");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_config)!, recursive: true);

    [Fact]
    public async Task WriteAsync_NewLimits_ReplaceOnlyTheResourcesAndKeepTheDeviceRules()
    {
        await File.WriteAllTextAsync(_config, """
            {"ociVersion":"1.0.2","process":{"args":["sh"]},"linux":{"cgroupsPath":"/berth/x",
             "resources":{"devices":[{"allow":false,"access":"rwm"},{"allow":true,"access":"rw","type":"c","major":1,"minor":3}],"memory":{"limit":1,"swap":1}}}}
            """);

        var resources = BundleResources.For(_config, new ResourceLimits(Cpus: 0.5) { PidsLimit = 50 });
        await BundleResources.WriteAsync(_config, resources, CancellationToken.None);
        var config = JsonNode.Parse(await File.ReadAllTextAsync(_config))!;

        Assert.Equal(2, resources.Devices.Count);
        Assert.Equal("/berth/x", config["linux"]!["cgroupsPath"]!.GetValue<string>());
        Assert.Equal("sh", config["process"]!["args"]![0]!.GetValue<string>());
        Assert.Null(config["linux"]!["resources"]!["memory"]);
        Assert.Equal(50_000, config["linux"]!["resources"]!["cpu"]!["quota"]!.GetValue<long>());
        Assert.Equal(50, config["linux"]!["resources"]!["pids"]!["limit"]!.GetValue<long>());
        Assert.Equal(3, config["linux"]!["resources"]!["devices"]![1]!["minor"]!.GetValue<long>());
    }
}
