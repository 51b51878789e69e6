using System.IO.Compression;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

namespace Berth.Engine.Tests.Snapshots;

public sealed class SnapshotStoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("berth-snapshots-");

    [Fact]
    public async Task CreateAsync_OnParent_IsStoredUnderTheChainIdWithTheTarDigestAsDiffId()
    {
        var layout = new EngineLayout(_dir.FullName);
        var store = new SnapshotStore(layout);
        var lower = new LayerTar().File("a", "1").ToArray();
        var upper = new LayerTar().File("b", "2").ToArray();

        var first = await store.CreateAsync(null, new MemoryStream(lower), CancellationToken.None);
        var second = await store.CreateAsync(first.ChainId, new MemoryStream(upper), CancellationToken.None);

        Assert.Equal(Digest.Of(upper), second.DiffId);
        Assert.Equal(ChainId.Next(Digest.Of(lower), Digest.Of(upper)), second.ChainId);
        Assert.Equal(upper.Length, second.Size);
        Assert.Equal("2", await File.ReadAllTextAsync(Path.Combine(layout.SnapshotPath(second.ChainId), "b")));
        Assert.Equal(new[] { first.ChainId.Hex, second.ChainId.Hex }.Order(), store.List().Select(d => d.Hex).Order());
        Assert.Empty(Directory.GetFileSystemEntries(layout.TempDirectory));
    }

    [Fact]
    public async Task CreateAsync_BrokenTar_LeavesNoSnapshotAndNoDebris()
    {
        var layout = new EngineLayout(_dir.FullName);
        var store = new SnapshotStore(layout);
        var tar = new LayerTar().File("a", new string('x', 5000)).ToArray()[..1500];

        await Assert.ThrowsAnyAsync<Exception>(() => store.CreateAsync(null, new MemoryStream(tar), CancellationToken.None));

        Assert.Empty(store.List());
        Assert.Empty(Directory.GetFileSystemEntries(layout.TempDirectory));
    }

    [Fact]
    public async Task UnpackedSize_GzipLayer_IsTheUncompressedTarsSizeUntilTheSnapshotIsDeleted()
    {
        var layout = new EngineLayout(_dir.FullName);
        var store = new SnapshotStore(layout);
        var tar = new LayerTar().File("a", new string('x', 5000)).ToArray();
        var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(tar);
        }
        gzipped.Position = 0;

        await using var unzipped = new GZipStream(gzipped, CompressionMode.Decompress);
        var snapshot = await store.CreateAsync(null, unzipped, CancellationToken.None);
        var recorded = store.UnpackedSize(snapshot.ChainId);
        store.Delete(snapshot.ChainId);

        Assert.True(gzipped.Length < tar.Length);
        Assert.Equal(tar.Length, recorded);
        Assert.Null(store.UnpackedSize(snapshot.ChainId));
        Assert.Empty(Directory.GetFileSystemEntries(layout.SnapshotsDirectory));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
