using Berth.Cli.Commands;
using Berth.Engine.Images;

namespace Berth.Cli.Tests.Commands;

public sealed class ImageHistoryRowTests
{
    private static readonly DateTimeOffset Created = TestRecords.Created;

    private static readonly ImageHistoryEntry Top = new(
        "4f2c0d1e9a4f2c0d1e9a4f2c0d1e9a4f2c0d1e9a4f2c0d1e9a4f2c0d1e9a4f2c", Created,
        "/bin/sh -c #(nop) ADD file:96b81cbc557b185de51d53a3956a901b823f569bfc8d8de57ed358d0af9d6747 in /", 1_996_800, "imported from tarball", ["localhost/app:1"]);

    [Theory]
    [InlineData("ID", "4f2c0d1e9a4f")]
    [InlineData("Created", "2 hours ago")]
    [InlineData("CreatedBy", "/bin/sh -c #(nop) ADD file:96b81cbc557b185...")]
    [InlineData("Size", "2 MB")]
    [InlineData("Comment", "imported from tarball")]
    [InlineData("Tags", "[localhost/app:1]")]
    public void Field_Default_PodmansRenderings(string field, string expected)
    {
        Assert.Equal(expected, new ImageHistoryRow(Top, Created.AddHours(2), human: true, noTrunc: false).Field(field));
    }

    [Fact]
    public void Field_NotHumanNoTrunc_Rfc3339AndWholeValues()
    {
        var row = new ImageHistoryRow(Top, Created, human: false, noTrunc: true);

        Assert.Equal("2026-12-05T18:00:00Z", row.Field("Created"));
        Assert.Equal(Top.Id, row.Field("ID"));
        Assert.Equal(Top.CreatedBy, row.Field("CreatedBy"));
    }

    [Fact]
    public void Field_OlderStep_Missing()
    {
        Assert.Equal("<missing>", new ImageHistoryRow(Top with { Id = null }, Created, true, false).Field("ID"));
    }

    [Fact]
    public void HeaderOf_DefaultColumns_PodmansHeaders()
    {
        Assert.Equal(["ID", "CREATED", "CREATED BY", "SIZE", "COMMENT"],
            new[] { "ID", "Created", "CreatedBy", "Size", "Comment" }.Select(ImageHistoryRow.HeaderOf));
    }
}
