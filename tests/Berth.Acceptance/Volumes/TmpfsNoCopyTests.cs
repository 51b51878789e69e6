using System.Runtime.Versioning;
using Berth.Acceptance.Containers;

namespace Berth.Acceptance.Volumes;

/// <summary>`--tmpfs`, `--mount type=tmpfs` and nocopy volumes (`-v NAME:DST:nocopy`, `--mount …,nocopy`) on real runc, as Podman 4.3.</summary>
[SupportedOSPlatform("linux")]
public sealed class TmpfsNoCopyTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    [Fact]
    public async Task Tmpfs_FlagAndMount_MountAFreshTmpfsWithTheirOptions()
    {
        var result = await BerthAsync("run", "--rm", "--network", "none", "--tmpfs", "/scratch:size=1m", "--mount", "type=tmpfs,destination=/t,tmpfs-mode=1770", Image,
            "sh", "-c", "grep -E ' /(scratch|t) ' /proc/mounts; echo x > /scratch/f && cat /scratch/f");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Matches(@"(?m)^tmpfs /scratch tmpfs rw,[^ ]*noexec[^ ]*size=1024k", result.Stdout);
        Assert.Matches(@"(?m)^tmpfs /t tmpfs rw,[^ ]*noexec[^ ]*mode=1770", result.Stdout);
        Assert.EndsWith("x\n", result.Stdout);
    }

    [Fact]
    public async Task Tmpfs_OnADestinationAnotherMountHas_RefusedBeforeAnythingIsMade()
    {
        var result = await BerthAsync("create", "--name", "twice", "--network", "none", "--tmpfs", "/data", "-v", "twice-vol:/data", Image, "true");
        var volume = await BerthAsync("volume", "exists", "twice-vol");
        var container = await BerthAsync("container", "exists", "twice");

        Assert.Equal((125, "Error: /data: duplicate mount destination\n"), (result.ExitCode, result.Stderr));
        Assert.Equal((1, 1), (volume.ExitCode, container.ExitCode));
    }

    [Fact]
    public async Task NoCopy_LeavesTheFreshVolumeEmpty_WhereAPlainOneGetsTheImagesContent()
    {
        try
        {
            var nocopy = await BerthAsync("create", "--name", "nocopy-ctr", "--network", "none", "-v", "nocopied:/etc:nocopy", Image, "true");
            var mount = await BerthAsync("create", "--name", "mount-ctr", "--network", "none", "--mount", "type=volume,source=mount-nocopied,destination=/etc,nocopy", Image, "true");
            var copy = await BerthAsync("create", "--name", "copy-ctr", "--network", "none", "-v", "copied:/etc", Image, "true");

            Assert.True(nocopy.ExitCode == 0 && mount.ExitCode == 0 && copy.ExitCode == 0, nocopy.Stderr + mount.Stderr + copy.Stderr);
            // The engine's own /etc files (hosts, resolv.conf…) are mounted there either way; the image's passwd only by copy-up.
            Assert.DoesNotContain("passwd", await EntriesAsync("nocopied"));
            Assert.DoesNotContain("passwd", await EntriesAsync("mount-nocopied"));
            Assert.Contains("passwd", await EntriesAsync("copied"));
        }
        finally
        {
            await BerthAsync("rm", "-f", "nocopy-ctr", "mount-ctr", "copy-ctr");
            await BerthAsync("volume", "rm", "-f", "nocopied", "mount-nocopied", "copied");
        }
    }

    private async Task<List<string?>> EntriesAsync(string volume) =>
        [.. Directory.EnumerateFileSystemEntries((await BerthAsync("volume", "inspect", "--format", "{{.Mountpoint}}", volume)).Stdout.Trim()).Select(Path.GetFileName)];
}
