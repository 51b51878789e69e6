namespace Berth.Engine.Containers.Files;

/// <summary>
/// Resolves a path inside a container's root filesystem to the host path it names, following symbolic
/// links as the container would see them: absolute targets start again at the container's root and ".."
/// never climbs above it (the job of Go's securejoin in dockerd), so a link cannot lead a copy onto the host.
/// </summary>
public static class ContainerPathResolver
{
    private const int MaxLinks = 255;

    /// <param name="root">The container's root as the host sees it.</param>
    /// <param name="path">An absolute path in the container (relative ones are taken from /).</param>
    /// <param name="followLast">Whether a symbolic link in the last component is followed (not for stat/archive of the link itself).</param>
    public static string Resolve(string root, string path, bool followLast)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>(Components(path).Reverse());
        var links = 0;
        while (pending.TryPop(out var component))
        {
            if (component == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }
                continue;
            }
            var candidate = Path.Combine(root, Path.Combine([.. resolved, component]));
            var isLast = pending.Count == 0;
            if ((!isLast || followLast) && new FileInfo(candidate).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new InvalidArgumentException($"too many levels of symbolic links in {path}");
                }
                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }
                foreach (var part in Components(target).Reverse())
                {
                    pending.Push(part);
                }
                continue;
            }
            resolved.Add(component);
        }
        return resolved.Count == 0 ? root : Path.Combine(root, Path.Combine([.. resolved]));
    }

    private static IEnumerable<string> Components(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(c => c != ".");
}
