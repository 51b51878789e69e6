using Berth.Engine.Linux;
using Berth.Engine.Volumes;

namespace Berth.Engine.Tests.Volumes;

public sealed class VolumeCopyUpTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-copyup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void CopyIfEmpty_ImageDirectory_CopiedWithOwnersModesLinksAndTimes()
    {
        var source = Directory.CreateDirectory(Path.Combine(_dir, "image", "data")).FullName;
        var volume = Directory.CreateDirectory(Path.Combine(_dir, "volume")).FullName;
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        File.WriteAllText(Path.Combine(source, "sub", "f"), "content");
        Posix.Link(Path.Combine(source, "sub", "f"), Path.Combine(source, "hard"));
        File.CreateSymbolicLink(Path.Combine(source, "link"), "sub/f");
        Posix.MkNod(Path.Combine(source, "pipe"), Posix.Fifo | 0x1A4, 0, 0);
        Posix.LChown(Path.Combine(source, "sub", "f"), 1000, 1001);
        Posix.Chmod(Path.Combine(source, "sub", "f"), 0x1E0);
        Posix.LChown(source, 1000, 1000);
        Posix.Chmod(source, 0x3F8);
        var time = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(source, "sub", "f"), time);

        var copied = VolumeCopyUp.CopyIfEmpty(source, volume);

        Assert.True(copied);
        Assert.Equal("content", File.ReadAllText(Path.Combine(volume, "sub", "f")));
        var file = Posix.LStat(Path.Combine(volume, "sub", "f"));
        Assert.Equal((1000, 1001, 0x1E0u), (file.Uid, file.Gid, file.Mode & 0xFFF));
        Assert.Equal(file.Inode, Posix.LStat(Path.Combine(volume, "hard")).Inode);
        Assert.Equal("sub/f", new FileInfo(Path.Combine(volume, "link")).LinkTarget);
        Assert.Equal(Posix.Fifo, Posix.LStat(Path.Combine(volume, "pipe")).FileType);
        Assert.Equal(time, File.GetLastWriteTimeUtc(Path.Combine(volume, "sub", "f")));
        var top = Posix.LStat(volume);
        Assert.Equal((1000, 1000, 0x3F8u), (top.Uid, top.Gid, top.Mode & 0xFFF));
    }

    [Fact]
    public void CopyIfEmpty_VolumeWithData_LeftAlone()
    {
        var source = Directory.CreateDirectory(Path.Combine(_dir, "image")).FullName;
        var volume = Directory.CreateDirectory(Path.Combine(_dir, "volume")).FullName;
        File.WriteAllText(Path.Combine(source, "f"), "image");
        File.WriteAllText(Path.Combine(volume, "f"), "kept");

        Assert.False(VolumeCopyUp.CopyIfEmpty(source, volume));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(volume, "f")));
    }

    [Fact]
    public void CopyIfEmpty_NothingInTheImage_NothingCopied()
    {
        var volume = Directory.CreateDirectory(Path.Combine(_dir, "volume")).FullName;

        Assert.False(VolumeCopyUp.CopyIfEmpty(Path.Combine(_dir, "missing"), volume));
        Assert.Empty(Directory.EnumerateFileSystemEntries(volume));
    }
}
