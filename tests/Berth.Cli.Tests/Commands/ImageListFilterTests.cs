using Berth.Cli.Commands;
using Berth.Engine.Images;

namespace Berth.Cli.Tests.Commands;

public sealed class ImageListFilterTests
{
    private static readonly DateTimeOffset Created = TestRecords.Created;

    private static readonly ImageRecord App = TestRecords.Image;

    private static readonly Dictionary<string, string> Labels = new() { ["tier"] = "front" };

    private static readonly Dictionary<string, DateTimeOffset> Times = new() { ["older"] = Created.AddHours(-1), ["newer"] = Created.AddHours(1) };

    [Theory]
    [InlineData("reference=localhost/shop/app:1")]
    [InlineData("reference=localhost/shop/app")]
    [InlineData("reference=shop/app:1")]
    [InlineData("reference=shop/app")]
    [InlineData("reference=*/app")]
    [InlineData("reference=shop/*:1")]
    [InlineData("dangling=false")]
    [InlineData("label=tier")]
    [InlineData("label=tier=front")]
    [InlineData("before=newer")]
    [InlineData("since=older")]
    public void Matches_OneFilterTheImageMeets_True(string filter)
    {
        Assert.True(ImageListFilter.Parse([filter]).Matches(App, Labels, Times));
    }

    [Theory]
    [InlineData("reference=app")]
    [InlineData("reference=shop/app:2")]
    [InlineData("dangling=true")]
    [InlineData("label=tier=back")]
    [InlineData("before=older")]
    [InlineData("since=newer")]
    public void Matches_OneFilterTheImageFails_False(string filter)
    {
        Assert.False(ImageListFilter.Parse([filter]).Matches(App, Labels, Times));
    }

    [Fact]
    public void Matches_DanglingImage_OnlyDanglingTrue()
    {
        var dangling = App with { Names = [] };

        Assert.True(ImageListFilter.Parse(["dangling=true"]).Matches(dangling, Labels, Times));
        Assert.False(ImageListFilter.Parse(["reference=*"]).Matches(dangling, Labels, Times));
    }

    [Theory]
    [InlineData("color=red")]
    [InlineData("dangling=maybe")]
    [InlineData("reference")]
    public void Parse_UnknownKeyOrValue_ThrowsOneLineError(string filter)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => ImageListFilter.Parse([filter]));

        Assert.Contains(filter, error.Message);
    }
}
