using Berth.Engine.Linux;

namespace Berth.Engine.Runtime;

/// <summary>A container's root filesystem: overlayfs over read-only image layers plus a writable upper directory.</summary>
public static class OverlayRootfs
{
    // mount(2) copies at most one page of options.
    private const int MaxOptionsLength = 4095;

    /// <param name="lowerDirectories">Image layers, lowest first.</param>
    public static void Mount(IReadOnlyList<string> lowerDirectories, string upperDirectory, string workDirectory, string target)
    {
        if (lowerDirectories.Count == 0)
        {
            throw new BerthException("an overlay rootfs needs at least one image layer");
        }
        Directory.CreateDirectory(upperDirectory);
        Directory.CreateDirectory(workDirectory);
        Directory.CreateDirectory(target);
        // overlayfs lists lowerdir from the top down; image layers come bottom up.
        var lower = string.Join(':', lowerDirectories.Reverse().Select(Escape));
        var options = $"lowerdir={lower},upperdir={Escape(upperDirectory)},workdir={Escape(workDirectory)}";
        if (options.Length > MaxOptionsLength)
        {
            throw new BerthException($"the image has too many layers for one overlay mount ({lowerDirectories.Count})");
        }
        Mounts.Mount("overlay", target, "overlay", options);
    }

    /// <summary>Unmounts the rootfs if mounted; safe to repeat.</summary>
    public static void Unmount(string target) => Mounts.Unmount(target);

    private static string Escape(string path) => path.Replace("\\", "\\\\").Replace(",", "\\,").Replace(":", "\\:");
}
