using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Runtime.Spec;
using Berth.Engine.Store;

namespace Berth.Engine.Runtime;

/// <summary>
/// Points a bundle's network namespace at another path: a container that joins another's (`--network container:`) reaches
/// it through that container's process, which is another one after each of its starts.
/// </summary>
public static class BundleNetworkNamespace
{
    public static async Task WriteAsync(string configPath, string namespacePath, CancellationToken cancellationToken)
    {
        var config = JsonNode.Parse(await File.ReadAllTextAsync(configPath, cancellationToken))!.AsObject();
        foreach (var space in config["linux"]?["namespaces"]?.AsArray() ?? [])
        {
            if (space?["type"]?.GetValue<string>() == "network")
            {
                space["path"] = namespacePath;
            }
        }
        await AtomicFile.WriteAllBytesAsync(configPath, JsonSerializer.SerializeToUtf8Bytes(config, RuntimeSpecJsonContext.Default.JsonObject), cancellationToken);
    }
}
