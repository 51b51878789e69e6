using Berth.Cli.Commands;
using Berth.Engine.Images;

namespace Berth.Cli.Tests.Commands;

public sealed class ImageListRowTests
{
    private static readonly DateTimeOffset Created = TestRecords.Created;

    private static readonly ImageRecord App = TestRecords.Image;

    [Theory]
    [InlineData("Repository", "localhost/shop/app")]
    [InlineData("Tag", "1")]
    [InlineData("ID", "4f2c0d1e9a4f")]
    [InlineData("Created", "2 hours ago")]
    [InlineData("Size", "1.24 MB")]
    [InlineData("Digest", "sha256:aa")]
    [InlineData("Labels", "map[tier:front]")]
    public void Field_PodmansNames_PodmansRenderings(string field, string expected)
    {
        var row = new ImageListRow(App, "localhost/shop/app:1", new Dictionary<string, string> { ["tier"] = "front" }, Created.AddHours(2), noTrunc: false);

        Assert.Equal(expected, row.Field(field));
    }

    [Fact]
    public void Field_DanglingAndNoTrunc_NoneAndTheFullId()
    {
        var row = new ImageListRow(App with { Names = [] }, null, new Dictionary<string, string>(), Created, noTrunc: true);

        Assert.Equal("<none>:<none>", $"{row.Field("Repository")}:{row.Field("Tag")}");
        Assert.Equal(App.Id, row.Field("ID"));
    }

    [Fact]
    public void HeaderOf_PodmansHeaders()
    {
        Assert.Equal(["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"], new[] { "Repository", "Tag", "ID", "Created", "Size" }.Select(ImageListRow.HeaderOf));
    }
}
