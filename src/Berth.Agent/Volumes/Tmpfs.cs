using System.Globalization;
using Berth.Engine.Linux;

namespace Berth.Agent.Volumes;

/// <summary>A memory-backed volume directory: a tmpfs mounted once on it (emptyDir medium Memory, secrets, projected volumes).</summary>
public static class Tmpfs
{
    /// <summary>Makes <paramref name="directory"/> and mounts a tmpfs there unless one is; <paramref name="sizeBytes"/> caps it (else the kernel's half of memory).</summary>
    public static void EnsureMounted(string directory, long? sizeBytes = null)
    {
        Directory.CreateDirectory(directory);
        if (!Posix.IsMountPoint(directory))
        {
            var size = sizeBytes is { } bytes ? ",size=" + bytes.ToString(CultureInfo.InvariantCulture) : "";
            Mounts.Mount("tmpfs", directory, "tmpfs", "mode=0777" + size);
        }
    }
}
