using Berth.Engine.Snapshots;
using Berth.Engine.Store;

using Berth.Engine.Linux;

namespace Berth.Engine.Tests.Snapshots;

public sealed class LayerUnpackerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-unpack-");

    private string Root => Path.Combine(_dir.FullName, "layer");

    [Fact]
    public async Task UnpackAsync_FilesLinksAndOwners_AreKept()
    {
        var tar = new LayerTar()
            .Directory("./etc/", mode: 0x1E8, uid: 1000, gid: 1001)
            .File("./etc/conf", "x", mode: 0x1A0, uid: 1000, gid: 1001)
            .Symlink("./etc/link", "conf")
            .HardLink("./etc/hard", "./etc/conf")
            .File("bin/su", "su", mode: 0x9ED)
            .Fifo("run/pipe");

        await LayerUnpacker.UnpackAsync(tar.ToStream(), Root, CancellationToken.None);

        var etc = Posix.LStat(Path.Combine(Root, "etc"));
        Assert.Equal((0x1E8u, 1000, 1001), (etc.Mode & 0xFFF, etc.Uid, etc.Gid));
        var conf = Posix.LStat(Path.Combine(Root, "etc/conf"));
        Assert.Equal((0x1A0u, 1000, 1001), (conf.Mode & 0xFFF, conf.Uid, conf.Gid));
        Assert.Equal("x", await File.ReadAllTextAsync(Path.Combine(Root, "etc/conf")));
        Assert.Equal("conf", new FileInfo(Path.Combine(Root, "etc/link")).LinkTarget);
        Assert.Equal(conf.Inode, Posix.LStat(Path.Combine(Root, "etc/hard")).Inode);
        Assert.Equal(0x9EDu, Posix.LStat(Path.Combine(Root, "bin/su")).Mode & 0xFFF);
        Assert.Equal(Posix.Fifo, Posix.LStat(Path.Combine(Root, "run/pipe")).FileType);
    }

    [Fact]
    public async Task UnpackAsync_OciWhiteouts_BecomeOverlayWhiteouts()
    {
        var tar = new LayerTar()
            .Directory("etc/")
            .File("etc/.wh.gone", "")
            .Directory("var/")
            .File("var/.wh..wh..opq", "")
            .File("var/kept", "k");

        await LayerUnpacker.UnpackAsync(tar.ToStream(), Root, CancellationToken.None);

        Assert.True(Posix.LStat(Path.Combine(Root, "etc/gone")).IsWhiteoutDevice);
        Assert.False(File.Exists(Path.Combine(Root, "etc/.wh.gone")));
        Assert.True(OverlayWhiteout.IsOpaque(Path.Combine(Root, "var")));
        Assert.False(OverlayWhiteout.IsOpaque(Path.Combine(Root, "etc")));
        Assert.Equal(["kept"], Directory.GetFileSystemEntries(Path.Combine(Root, "var")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task UnpackAsync_EntryThroughSymlink_IsRefused()
    {
        var outside = Path.Combine(_dir.FullName, "outside");
        Directory.CreateDirectory(outside);
        var tar = new LayerTar().Symlink("escape", outside).File("escape/evil", "x");

        await Assert.ThrowsAsync<BerthException>(() => LayerUnpacker.UnpackAsync(tar.ToStream(), Root, CancellationToken.None));

        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    public async Task UnpackAsync_DotDotEntry_IsRefused()
    {
        var tar = new LayerTar().File("../evil", "x");

        await Assert.ThrowsAsync<BerthException>(() => LayerUnpacker.UnpackAsync(tar.ToStream(), Root, CancellationToken.None));

        Assert.False(File.Exists(Path.Combine(_dir.FullName, "evil")));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
