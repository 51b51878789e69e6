using Berth.Cli.Commands;
using Berth.Engine.Volumes;

namespace Berth.Cli.Tests.Commands;

public sealed class VolumeViewTests
{
    private static readonly VolumeRecord Data = new()
    {
        Name = "data",
        Mountpoint = "/r/volumes/data/_data",
        Created = new DateTimeOffset(2026, 12, 5, 21, 17, 37, 175, TimeSpan.Zero),
        Labels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" },
        Options = new Dictionary<string, string> { ["type"] = "tmpfs" },
    };

    [Theory]
    [InlineData("Name", "data")]
    [InlineData("Driver", "local")]
    [InlineData("Mountpoint", "/r/volumes/data/_data")]
    [InlineData("Labels", "map[a:1 b:2]")]
    [InlineData("Options", "map[type:tmpfs]")]
    [InlineData("Scope", "local")]
    [InlineData("MountCount", "0")]
    public void Field_PodmansNames_PodmansRenderings(string field, string expected)
    {
        Assert.Equal(expected, new VolumeView(Data).Field(field));
    }

    [Fact]
    public void ToJson_PodmansInspectShape()
    {
        var json = new VolumeView(Data).ToJson();

        Assert.Equal(["Name", "Driver", "Mountpoint", "CreatedAt", "Labels", "Scope", "Options", "MountCount"], json.Select(p => p.Key));
        Assert.Equal("2026-12-05T21:17:37.175Z", json["CreatedAt"]!.GetValue<string>());
        Assert.Equal("1", json["Labels"]!["a"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Name", "VOLUME NAME")]
    [InlineData("Driver", "DRIVER")]
    public void HeaderOf_ListColumns_PodmansHeaders(string field, string header)
    {
        Assert.Equal(header, VolumeView.HeaderOf(field));
    }
}
