using Berth.Engine.Images;

namespace Berth.Engine.Tests.Images;

public sealed class ImageTaggerTests : IDisposable
{
    private readonly ImageStoreFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Untag_Names_RemovesOnlyThose()
    {
        var image = await _fixture.ImportAsync("localhost/app:1", "x");
        var tagger = new ImageTagger(_fixture.Store);
        await tagger.TagAsync("app:1", "app:2", CancellationToken.None);
        await tagger.TagAsync("app:1", "other/app", CancellationToken.None);

        await tagger.UntagAsync(image.ShortId, ["app:2"], CancellationToken.None);

        Assert.Equal(["localhost/app:1", "localhost/other/app:latest"], (await _fixture.Store.FindAsync(image.Id)).Names);
    }

    [Fact]
    public async Task Untag_NoNames_RemovesEveryName()
    {
        var image = await _fixture.ImportAsync("localhost/app:1", "x");
        var tagger = new ImageTagger(_fixture.Store);
        await tagger.TagAsync("app:1", "app:2", CancellationToken.None);

        await tagger.UntagAsync("app:2", [], CancellationToken.None);

        Assert.Empty((await _fixture.Store.FindAsync(image.Id)).Names);
    }

    [Fact]
    public async Task Untag_NameTheImageLacks_NotFoundAndNothingChanges()
    {
        var image = await _fixture.ImportAsync("localhost/app:1", "x");

        var error = await Assert.ThrowsAsync<NotFoundException>(() => new ImageTagger(_fixture.Store).UntagAsync("app:1", ["localhost/nope:1"], CancellationToken.None));

        Assert.Equal("localhost/nope:1: tag not known", error.Message);
        Assert.Equal(["localhost/app:1"], (await _fixture.Store.FindAsync(image.Id)).Names);
    }
}
