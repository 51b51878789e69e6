namespace Berth.Engine.Runtime;

/// <summary>
/// Points a bundle's network namespace at another path: a container that joins another's (`--network container:`) reaches
/// it through that container's process, which is another one after each of its starts.
/// </summary>
public static class BundleNetworkNamespace
{
    public static Task WriteAsync(string configPath, string namespacePath, CancellationToken cancellationToken) =>
        BundleConfig.EditAsync(configPath, config =>
        {
            foreach (var space in config["linux"]?["namespaces"]?.AsArray() ?? [])
            {
                if (space?["type"]?.GetValue<string>() == "network")
                {
                    space["path"] = namespacePath;
                }
            }
        }, cancellationToken);
}
