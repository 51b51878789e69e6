using System.Text.Json.Nodes;
using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Runtime;

public sealed class BundleNetworkNamespaceTests : IDisposable
{
    private readonly string _config = Path.Combine(Directory.CreateTempSubdirectory("berth-bundle-").FullName, "config.json");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_config)!, recursive: true);

    [Fact]
    public async Task WriteAsync_NewPath_ReplacesOnlyTheNetworkNamespacesPath()
    {
        await File.WriteAllTextAsync(_config, """
            {"process":{"args":["sh"]},"linux":{"namespaces":[{"type":"pid"},{"type":"network","path":"/proc/10/ns/net"},{"type":"uts"}]}}
            """);

        await BundleNetworkNamespace.WriteAsync(_config, "/proc/20/ns/net", CancellationToken.None);
        var namespaces = JsonNode.Parse(await File.ReadAllTextAsync(_config))!["linux"]!["namespaces"]!.AsArray();

        Assert.Equal(["pid", "network", "uts"], namespaces.Select(n => n!["type"]!.GetValue<string>()));
        Assert.Equal("/proc/20/ns/net", namespaces[1]!["path"]!.GetValue<string>());
        Assert.Null(namespaces[0]!["path"]);
        Assert.Equal("sh", JsonNode.Parse(await File.ReadAllTextAsync(_config))!["process"]!["args"]![0]!.GetValue<string>());
    }
}
