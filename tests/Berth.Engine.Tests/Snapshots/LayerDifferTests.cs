using System.Formats.Tar;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

using Berth.Engine.Linux;

namespace Berth.Engine.Tests.Snapshots;

public sealed class LayerDifferTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-differ-");

    [Fact]
    public async Task WriteAsync_OverlayUpperDirectory_WritesOciWhiteoutsAndKeepsOwners()
    {
        var upper = Path.Combine(_dir.FullName, "upper");
        Directory.CreateDirectory(Path.Combine(upper, "etc"));
        Directory.CreateDirectory(Path.Combine(upper, "var"));
        OverlayWhiteout.CreateWhiteout(Path.Combine(upper, "etc", "group"));
        OverlayWhiteout.MarkOpaque(Path.Combine(upper, "var"));
        await File.WriteAllTextAsync(Path.Combine(upper, "var", "new"), "n");
        Posix.LChown(Path.Combine(upper, "var", "new"), 1000, 1000);
        File.CreateSymbolicLink(Path.Combine(upper, "link"), "var/new");

        using var layer = new MemoryStream();
        await LayerDiffer.WriteAsync(upper, layer, CancellationToken.None);

        layer.Position = 0;
        var entries = new List<TarEntry>();
        using (var reader = new TarReader(layer))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                entries.Add(entry);
            }
        }
        Assert.Equal(["etc/", "etc/.wh.group", "link", "var/", "var/.wh..wh..opq", "var/new"], entries.Select(e => e.Name));
        Assert.Equal((1000, 1000), (entries[5].Uid, entries[5].Gid));
        Assert.Equal("var/new", entries[2].LinkName);
        Assert.Equal(TarEntryType.SymbolicLink, entries[2].EntryType);
    }

    [Fact]
    public async Task WriteAsync_ThenUnpack_RoundTripsWhiteouts()
    {
        var upper = Path.Combine(_dir.FullName, "upper");
        Directory.CreateDirectory(Path.Combine(upper, "d"));
        OverlayWhiteout.CreateWhiteout(Path.Combine(upper, "gone"));
        OverlayWhiteout.MarkOpaque(Path.Combine(upper, "d"));
        using var layer = new MemoryStream();

        await LayerDiffer.WriteAsync(upper, layer, CancellationToken.None);
        layer.Position = 0;
        var copy = Path.Combine(_dir.FullName, "copy");
        await LayerUnpacker.UnpackAsync(layer, copy, CancellationToken.None);

        Assert.True(Posix.LStat(Path.Combine(copy, "gone")).IsWhiteoutDevice);
        Assert.True(OverlayWhiteout.IsOpaque(Path.Combine(copy, "d")));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
