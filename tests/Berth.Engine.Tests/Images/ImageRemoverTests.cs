using Berth.Engine.Containers;
using Berth.Engine.Images;

namespace Berth.Engine.Tests.Images;

public sealed class ImageRemoverTests : IDisposable
{
    private readonly ImageStoreFixture _fixture = new();

    [Fact]
    public async Task RemoveAsync_UnusedImage_DeletesItAndItsBlobsAndSnapshots()
    {
        var kept = await _fixture.ImportAsync("kept", "k");
        var doomed = await _fixture.ImportAsync("doomed", "d");
        var remover = new ImageRemover(_fixture.Store, new ContainerStore(_fixture.Store.Layout.Root), new FixedImageUsage());

        var lines = await remover.RemoveAsync("doomed", force: false, CancellationToken.None);

        Assert.Equal(["Untagged: localhost/doomed:latest", $"Deleted: {doomed.Id[7..]}"], lines);
        Assert.Equal([kept.Id], (await _fixture.Store.ListAsync()).Select(i => i.Id));
        Assert.Single(_fixture.Store.Snapshots.List());
        Assert.Equal(3, _fixture.Store.Blobs.List().Count());
        await _fixture.Store.ResolveAsync("kept");
    }

    [Fact]
    public async Task RemoveAsync_ImageInUse_IsRefusedWithExitCode2()
    {
        var image = await _fixture.ImportAsync("busy", "b");
        var remover = new ImageRemover(_fixture.Store, new ContainerStore(_fixture.Store.Layout.Root), new FixedImageUsage(new ImageUser("c1", "web", image.Id)));

        var error = await Assert.ThrowsAsync<InUseException>(() => remover.RemoveAsync("busy", force: false, CancellationToken.None));

        Assert.Equal(ImageRemover.InUseExitCode, error.ExitCode);
        Assert.Contains("in use by container web", error.Message);
        Assert.Single(await _fixture.Store.ListAsync());
    }

    [Fact]
    public async Task RemoveAsync_ImageInUseWithForce_RemovesTheImageButKeepsTheContainersLayers()
    {
        var image = await _fixture.ImportAsync("busy", "b");
        var snapshot = _fixture.Store.Snapshots.List().Single();
        var remover = new ImageRemover(_fixture.Store, new ContainerStore(_fixture.Store.Layout.Root), new FixedImageUsage(new ImageUser("c1", "web", image.Id)));

        await remover.RemoveAsync("busy", force: true, CancellationToken.None);

        Assert.Empty(await _fixture.Store.ListAsync());
        Assert.Equal([snapshot], _fixture.Store.Snapshots.List());
    }

    [Fact]
    public async Task RemoveAsync_OneOfTwoNames_OnlyUntags()
    {
        await _fixture.ImportAsync("first", "same");
        var image = await _fixture.ImportAsync("second", "other");
        using (var session = await _fixture.Store.BeginWriteAsync())
        {
            await session.AddAsync(image with { Names = ["localhost/alias:latest"] }, CancellationToken.None);
        }
        var remover = new ImageRemover(_fixture.Store, new ContainerStore(_fixture.Store.Layout.Root), new FixedImageUsage());

        var lines = await remover.RemoveAsync("alias", force: false, CancellationToken.None);

        Assert.Equal(["Untagged: localhost/alias:latest"], lines);
        Assert.Equal(["localhost/second:latest"], (await _fixture.Store.FindAsync(image.Id)).Names);
    }

    [Fact]
    public async Task RemoveAsync_ByIdWithTwoNames_NeedsForce()
    {
        var image = await _fixture.ImportAsync("a", "x");
        using (var session = await _fixture.Store.BeginWriteAsync())
        {
            await session.AddAsync(image with { Names = ["localhost/b:latest"] }, CancellationToken.None);
        }
        var remover = new ImageRemover(_fixture.Store, new ContainerStore(_fixture.Store.Layout.Root), new FixedImageUsage());

        await Assert.ThrowsAsync<ConflictException>(() => remover.RemoveAsync(image.ShortId, force: false, CancellationToken.None));
        await remover.RemoveAsync(image.ShortId, force: true, CancellationToken.None);

        Assert.Empty(await _fixture.Store.ListAsync());
    }

    [Fact]
    public async Task RemoveAsync_UnknownImage_ThrowsWithExitCode1()
    {
        var remover = new ImageRemover(_fixture.Store, new ContainerStore(_fixture.Store.Layout.Root), new FixedImageUsage());

        var error = await Assert.ThrowsAsync<NotFoundException>(() => remover.RemoveAsync("ghost", force: false, CancellationToken.None));

        Assert.Equal(ImageRemover.UnknownExitCode, error.ExitCode);
        Assert.Equal("ghost: image not known", error.Message);
    }

    public void Dispose() => _fixture.Dispose();
}
