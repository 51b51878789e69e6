using Berth.Engine.Linux;

namespace Berth.Agent.Volumes;

/// <summary>
/// A volumeMount's subPath: a relative path inside the volume, made as a directory (with the volume's
/// own mode) when nothing is there yet, as the kubelet does. It must stay inside the volume once every
/// symbolic link is resolved, so a container cannot reach the host through a link it planted.
/// </summary>
public static class SubPaths
{
    /// <summary>The host path to mount for <paramref name="subPath"/> of the volume at <paramref name="volumePath"/>.</summary>
    public static string Prepare(string volumePath, string subPath)
    {
        if (Path.IsPathRooted(subPath) || subPath.Split('/').Contains(".."))
        {
            throw new ArgumentException($"subPath \"{subPath}\" must be a relative path without '..'");
        }
        var volume = Posix.RealPath(volumePath);
        var target = Path.Combine(volume, subPath);
        if (!Path.Exists(target))
        {
            // Resolve what exists of it first: a link on the way must not lead the new directories out.
            var existing = Path.GetDirectoryName(target)!;
            while (!Path.Exists(existing))
            {
                existing = Path.GetDirectoryName(existing)!;
            }
            EnsureInside(volume, Posix.RealPath(existing), subPath);
            Directory.CreateDirectory(target);
            Posix.Chmod(target, Posix.LStat(volume).Mode);
        }
        var real = Posix.RealPath(target);
        EnsureInside(volume, real, subPath);
        return real;
    }

    private static void EnsureInside(string volume, string path, string subPath)
    {
        if (path != volume && !path.StartsWith(volume + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"subpath \"{subPath}\" not within volume path \"{volume}\"");
        }
    }
}
