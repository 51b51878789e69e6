using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Engine.Images.Oci;
using Berth.Engine.Space;
using Berth.Engine.Store;
using Berth.Engine.Tests.Images;

namespace Berth.Engine.Tests.Space;

public sealed class ImagePrunerTests : IDisposable
{
    private readonly ImageStoreFixture _fixture = new();

    private ImageStore Store => _fixture.Store;

    private ImagePruner Pruner(params ImageUser[] users) =>
        new(Store, new ContainerStore(Store.Layout.Root), new FixedImageUsage(users));

    [Fact]
    public async Task PruneAsync_DanglingImageSharingABaseLayer_RemovesOnlyWhatNoOtherImageNeeds()
    {
        ImageRecord tagged, dangling;
        using (var session = await Store.BeginWriteAsync())
        {
            tagged = await LayeredImages.CommitAsync(session, ["localhost/app:1"], "base", "app");
            dangling = await LayeredImages.CommitAsync(session, [], "base", "cache step");
        }

        var report = await Pruner().PruneAsync(all: false, CancellationToken.None);

        Assert.Equal([dangling.Id[7..]], report.Removed);
        Assert.True(report.ReclaimedBytes > 0);
        Assert.Equal([tagged.Id], (await Store.ListAsync()).Select(i => i.Id));
        Assert.Equal(await LayeredImages.BlobsOfAsync(Store, tagged), Store.Blobs.List().ToHashSet());
        Assert.Equal(2, Store.Snapshots.List().Count());
        Assert.Equal(2, (await Store.ResolveAsync("app:1")).LayerDirectories.Count);
    }

    [Fact]
    public async Task PruneAsync_DanglingImageAContainerUses_IsKeptWithItsContent()
    {
        ImageRecord dangling;
        using (var session = await Store.BeginWriteAsync())
        {
            dangling = await LayeredImages.CommitAsync(session, [], "used");
        }
        var blobs = Store.Blobs.List().ToHashSet();

        var report = await Pruner(new ImageUser("c1", "web", dangling.Id)).PruneAsync(all: true, CancellationToken.None);

        Assert.Empty(report.Removed);
        Assert.Equal(0, report.ReclaimedBytes);
        Assert.Equal(blobs, Store.Blobs.List().ToHashSet());
        Assert.Single(Store.Snapshots.List());
    }

    [Fact]
    public async Task PruneAsync_All_RemovesEveryUnusedImageButKeepsTheLayersOfAContainerWhoseImageWasForceRemoved()
    {
        ImageRecord unused, orphanedByRmi;
        using (var session = await Store.BeginWriteAsync())
        {
            unused = await LayeredImages.CommitAsync(session, ["localhost/unused:1"], "u");
            orphanedByRmi = await LayeredImages.CommitAsync(session, [], "c");
            await session.UpdateIndexAsync(all => all.Where(i => i.Id != orphanedByRmi.Id).ToList(), CancellationToken.None);
        }
        var containerSnapshot = (await Store.ReadConfigAsync(orphanedByRmi)).RootFs.DiffIds.Single();

        var report = await Pruner(new ImageUser("c1", "web", orphanedByRmi.Id)).PruneAsync(all: true, CancellationToken.None);

        Assert.Equal([unused.Id[7..]], report.Removed);
        Assert.Empty(await Store.ListAsync());
        Assert.Equal([orphanedByRmi.Id], Store.Blobs.List().Select(b => b.ToString()));
        Assert.Equal([containerSnapshot], Store.Snapshots.List().Select(s => s.ToString()));
    }

    [Fact]
    public async Task PruneAsync_WhileAWriterHasStoredLayersNotYetNamed_WaitsAndThenKeepsThem()
    {
        var writer = await Store.BeginWriteAsync();
        Task<PruneReport> prune;
        ImageRecord named;
        try
        {
            var tar = LayeredImages.LayerOf("file", "in flight");
            var layer = await writer.AddLayerAsync(() => new MemoryStream(tar), null, CancellationToken.None);
            Assert.True(Store.Blobs.Exists(Digest.Parse(layer.Blob.Digest)));

            prune = Task.Run(() => Pruner().PruneAsync(all: false, CancellationToken.None));
            // The layer is stored and referenced by nothing: a prune that did not wait for the lock would delete it now.
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            Assert.False(prune.IsCompleted);

            named = await writer.CommitAsync(
                new OciImage { RootFs = new() { DiffIds = [layer.Snapshot.DiffId.ToString()] } },
                [layer.Blob], layer.Snapshot.Size, ["localhost/inflight:1"], CancellationToken.None);
        }
        finally
        {
            writer.Dispose();
        }

        var report = await prune;

        Assert.Empty(report.Removed);
        Assert.Equal(await LayeredImages.BlobsOfAsync(Store, named), Store.Blobs.List().ToHashSet());
        await Store.ResolveAsync("inflight:1");
    }

    [Fact]
    public async Task PruneAsync_UnreferencedBlobsAndSnapshotsOfAnAbandonedWrite_AreSwept()
    {
        ImageRecord kept;
        using (var session = await Store.BeginWriteAsync())
        {
            kept = await LayeredImages.CommitAsync(session, ["localhost/kept:1"], "kept");
            // What a pull killed before naming its image leaves: a verified layer blob and its snapshot.
            var tar = LayeredImages.LayerOf("file", "abandoned");
            await session.AddLayerAsync(() => new MemoryStream(tar), null, CancellationToken.None);
        }
        Assert.Equal(2, Store.Snapshots.List().Count());

        var report = await Pruner().PruneAsync(all: false, CancellationToken.None);

        Assert.Empty(report.Removed);
        Assert.True(report.ReclaimedBytes > 0);
        Assert.Equal(await LayeredImages.BlobsOfAsync(Store, kept), Store.Blobs.List().ToHashSet());
        Assert.Single(Store.Snapshots.List());
        await Store.ResolveAsync("kept:1");
    }

    public void Dispose() => _fixture.Dispose();
}
