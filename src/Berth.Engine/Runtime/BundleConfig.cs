using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Runtime.Spec;
using Berth.Engine.Store;

namespace Berth.Engine.Runtime;

/// <summary>
/// Edits a bundle's config.json in place, keeping every member Berth does not touch as the runtime will read it; the
/// file is replaced whole, so a crash leaves the old config or the new one, never half of each.
/// </summary>
public static class BundleConfig
{
    public static async Task EditAsync(string configPath, Action<JsonObject> edit, CancellationToken cancellationToken)
    {
        var config = JsonNode.Parse(await File.ReadAllTextAsync(configPath, cancellationToken))!.AsObject();
        edit(config);
        await AtomicFile.WriteAllBytesAsync(configPath, JsonSerializer.SerializeToUtf8Bytes(config, RuntimeSpecJsonContext.Default.JsonObject), cancellationToken);
    }
}
