using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Runtime.Spec;

namespace Berth.Engine.Runtime;

/// <summary>
/// Puts new cgroup limits into a bundle's config.json, so the container's next start (the same bundle, see
/// ContainerCreator.RecreateAsync) keeps what `update` changed. Only linux.resources is replaced, and its device rules stay.
/// </summary>
public static class BundleResources
{
    /// <summary>The resources <paramref name="limits"/> make with the bundle's device rules.</summary>
    public static ResourcesSpec For(string configPath, ResourceLimits limits)
    {
        var devices = ResourcesOf(JsonNode.Parse(File.ReadAllText(configPath))!)?["devices"]?.Deserialize(RuntimeSpecJsonContext.Default.IReadOnlyListDeviceRule);
        var resources = SpecGenerator.Resources(limits, privileged: false);
        return devices is null ? resources : resources with { Devices = devices };
    }

    public static Task WriteAsync(string configPath, ResourcesSpec resources, CancellationToken cancellationToken) =>
        BundleConfig.EditAsync(configPath, config =>
        {
            var linux = config["linux"] as JsonObject ?? [];
            linux["resources"] = JsonSerializer.SerializeToNode(resources, RuntimeSpecJsonContext.Default.ResourcesSpec);
            config["linux"] = linux;
        }, cancellationToken);

    private static JsonNode? ResourcesOf(JsonNode config) => config["linux"]?["resources"];
}
