using Berth.Engine.Images;

namespace Berth.Engine.Tests.Images;

public class ImageLookupTests
{
    private static readonly ImageRecord Alpine = Record("a1f2c3", "docker.io/library/alpine:latest");
    private static readonly ImageRecord App = Record("a1ffff", "localhost/app:latest", "localhost/app:v1");
    private static readonly ImageRecord Dangling = Record("0abcde");
    private static readonly IReadOnlyList<ImageRecord> Images = [Alpine, App, Dangling];

    [Theory]
    [InlineData("alpine", "a1f2c3")]
    [InlineData("app:v1", "a1ffff")]
    [InlineData("localhost/app", "a1ffff")]
    [InlineData("0abc", "0abcde")]
    [InlineData("a1f2", "a1f2c3")]
    public void Find_ByNameOrIdPrefix_FindsTheImage(string text, string idStart)
    {
        Assert.StartsWith($"sha256:{idStart}", ImageLookup.Find(Images, text)!.Id);
    }

    [Fact]
    public void Find_FullIdAndManifestDigest_BothFindTheImage()
    {
        Assert.Same(App, ImageLookup.Find(Images, App.Id));
        Assert.Same(App, ImageLookup.Find(Images, App.Manifest));
    }

    [Theory]
    [InlineData("busybox")]
    [InlineData("app:v2")]
    [InlineData("ab")]
    public void Find_NoMatch_IsNull(string text)
    {
        Assert.Null(ImageLookup.Find(Images, text));
    }

    [Fact]
    public void Find_AmbiguousIdPrefix_Throws()
    {
        var error = Assert.Throws<InvalidArgumentException>(() => ImageLookup.Find(Images, "a1f"));

        Assert.Contains("ambiguous", error.Message);
    }

    private static ImageRecord Record(string idStart, params string[] names) => new()
    {
        Id = "sha256:" + idStart.PadRight(64, '0'),
        Manifest = "sha256:" + idStart.PadRight(64, 'f'),
        Names = [.. names],
    };
}
