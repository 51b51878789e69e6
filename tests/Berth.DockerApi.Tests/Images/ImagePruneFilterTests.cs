using Berth.DockerApi.Images;

namespace Berth.DockerApi.Tests.Images;

public class ImagePruneFilterTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly Dictionary<string, string> Labels = new() { ["stage"] = "test", ["team"] = "a" };

    [Theory]
    [InlineData(null, true)]
    [InlineData("""{"dangling":["true"]}""", true)]
    [InlineData("""{"dangling":{"false":true}}""", false)]
    [InlineData("""{"dangling":["0"]}""", false)]
    public void Parse_Dangling_DefaultsToOnlyUnnamedImages(string? filters, bool danglingOnly) =>
        Assert.Equal(danglingOnly, ImagePruneFilter.Parse(filters, Now).DanglingOnly);

    [Theory]
    [InlineData("""{"until":["1h"]}""", -2, true)]
    [InlineData("""{"until":["1h"]}""", -0.5, false)]
    [InlineData("""{"label":["stage=test"]}""", 0, true)]
    [InlineData("""{"label":["stage=prod"]}""", 0, false)]
    [InlineData("""{"label":["stage","team=a"]}""", 0, true)]
    [InlineData("""{"label!":["team"]}""", 0, false)]
    [InlineData("""{"label!":["owner"]}""", 0, true)]
    public void Matches_UntilAndLabels_AllMustHold(string filters, double createdHoursAgo, bool matches) =>
        Assert.Equal(matches, ImagePruneFilter.Parse(filters, Now).Matches(Now.AddHours(createdHoursAgo), Labels));

    [Theory]
    [InlineData("""{"colour":["red"]}""", "invalid filter 'colour'")]
    [InlineData("""{"dangling":["maybe"]}""", "invalid filter 'dangling=maybe'")]
    [InlineData("""{"until":["yesterday"]}""", "invalid until \"yesterday\"")]
    [InlineData("""{"until":["1h","2h"]}""", "only one until filter")]
    public void Parse_BadFilter_IsABadParameter(string filters, string message) =>
        Assert.Contains(message, Assert.Throws<InvalidArgumentException>(() => ImagePruneFilter.Parse(filters, Now)).Message);
}
