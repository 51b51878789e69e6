using Berth.Engine.Linux;

namespace Berth.Engine.Runtime;

/// <summary>A container's root filesystem: overlayfs over read-only image layers plus a writable upper directory.</summary>
public static class OverlayRootfs
{
    // mount(2) copies at most one page of options.
    private const int MaxOptionsLength = 4095;

    /// <param name="lowerDirectories">Image layers, lowest first.</param>
    /// <param name="throwaway">
    /// The writable layer goes with the container (`run --rm`): mounted volatile, as Podman mounts a --rm container's, so
    /// overlayfs skips the syncs of the upper directory, its unmount's among them (0.6 ms of each `run --rm`).
    /// </param>
    public static void Mount(IReadOnlyList<string> lowerDirectories, string upperDirectory, string workDirectory, string target, bool throwaway = false)
    {
        if (lowerDirectories.Count == 0)
        {
            throw new BerthException("an overlay rootfs needs at least one image layer");
        }
        Directory.CreateDirectory(upperDirectory);
        Directory.CreateDirectory(workDirectory);
        Directory.CreateDirectory(target);
        // overlayfs lists lowerdir from the top down; image layers come bottom up.
        var lower = string.Join(':', lowerDirectories.Select(Escape).Reverse());
        var options = $"lowerdir={lower},upperdir={Escape(upperDirectory)},workdir={Escape(workDirectory)}{(throwaway ? ",volatile" : "")}";
        if (options.Length > MaxOptionsLength)
        {
            throw new BerthException($"the image has too many layers for one overlay mount ({lowerDirectories.Count})");
        }
        ForgetVolatileMount(workDirectory);
        Mounts.Mount("overlay", target, "overlay", options);
    }

    /// <summary>
    /// A volatile mount leaves a marker in the work directory that makes overlayfs refuse every later mount of the layer, even
    /// after a clean unmount: it cannot tell whether the unsynced writes survived. Only a throwaway layer is mounted volatile,
    /// so a remount of one (cp or export while its removal is pending, a start after a reboot) takes it as it is.
    /// </summary>
    private static void ForgetVolatileMount(string workDirectory)
    {
        var marker = Path.Combine(workDirectory, "work", "incompat", "volatile");
        if (Directory.Exists(marker))
        {
            Directory.Delete(marker, recursive: true);
        }
    }

    /// <summary>Unmounts the rootfs if mounted; safe to repeat.</summary>
    public static void Unmount(string target) => Mounts.Unmount(target);

    private static string Escape(string path) => path.Replace("\\", "\\\\").Replace(",", "\\,").Replace(":", "\\:");
}
