using Berth.Engine.Linux;

namespace Berth.Engine.Tests.Linux;

/// <summary>Mounts a real tmpfs in a temporary directory (as root).</summary>
public sealed class PosixMountPointTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-mountpoint-").FullName;

    [Fact]
    public void IsMountPoint_TellsAMountedDirectoryFromAPlainOne()
    {
        var plain = Directory.CreateDirectory(Path.Combine(_root, "plain")).FullName;
        var mounted = Directory.CreateDirectory(Path.Combine(_root, "mounted")).FullName;
        Mounts.Mount("tmpfs", mounted, "tmpfs", "mode=0700");

        Assert.False(Posix.IsMountPoint(plain));
        Assert.True(Posix.IsMountPoint(mounted));
        Assert.True(Posix.IsMountPoint(mounted + "/"));
        Assert.True(Posix.IsMountPoint("/"));
    }

    public void Dispose()
    {
        var mounted = Path.Combine(_root, "mounted");
        if (Posix.IsMountPoint(mounted))
        {
            Mounts.Unmount(mounted);
        }
        Directory.Delete(_root, recursive: true);
    }
}
