using Berth.Cli.Commands;
using Berth.Engine;
using Berth.Engine.Volumes;

namespace Berth.Cli.Tests.Commands;

public sealed class VolumeListFilterTests
{
    private static readonly DateTimeOffset Now = TestRecords.Created;

    private static readonly VolumeRecord Data = new()
    {
        Name = "shop-data",
        Mountpoint = "/var/lib/berth/engine/volumes/shop-data/_data",
        Created = Now.AddHours(-2),
        Labels = new Dictionary<string, string> { ["tier"] = "db" },
        Options = new Dictionary<string, string> { ["type"] = "tmpfs", ["device"] = "tmpfs" },
    };

    private static readonly HashSet<string> Unused = [];

    [Theory]
    [InlineData("name=shop")]
    [InlineData("name=^shop-data$")]
    [InlineData("driver=local")]
    [InlineData("scope=local")]
    [InlineData("label=tier")]
    [InlineData("label=tier=db")]
    [InlineData("opt=type=tmpfs")]
    [InlineData("opt=device")]
    [InlineData("dangling=true")]
    [InlineData("until=1h")]
    public void Matches_OneFilterTheVolumeMeets_True(string filter)
    {
        Assert.True(VolumeListFilter.Parse([filter], Now).Matches(Data, Unused));
    }

    [Theory]
    [InlineData("name=cache")]
    [InlineData("driver=nfs")]
    [InlineData("label=tier=web")]
    [InlineData("opt=type=ext4")]
    [InlineData("dangling=false")]
    [InlineData("until=3h")]
    public void Matches_OneFilterTheVolumeFails_False(string filter)
    {
        Assert.False(VolumeListFilter.Parse([filter], Now).Matches(Data, Unused));
    }

    [Fact]
    public void Matches_NamesAreAlternativesLabelsMustAllHold()
    {
        Assert.True(VolumeListFilter.Parse(["name=cache", "name=shop"], Now).Matches(Data, Unused));
        Assert.False(VolumeListFilter.Parse(["label=tier", "label=owner"], Now).Matches(Data, Unused));
    }

    [Fact]
    public void Matches_AVolumeAContainerUses_IsNotDangling()
    {
        Assert.True(VolumeListFilter.Parse(["dangling=false"], Now).Matches(Data, new HashSet<string> { "shop-data" }));
    }

    [Theory]
    [InlineData("bogus=1", "\"bogus\" is an invalid volume filter")]
    [InlineData("name", "filter input must be in the form of filter=value: name is invalid")]
    [InlineData("name=[", "invalid name filter \"[\": not a regular expression")]
    [InlineData("dangling=maybe", "\"maybe\" is not a valid value for the \"dangling\" filter - must be true or false")]
    public void Parse_BadFilter_PodmansMessage(string filter, string message)
    {
        Assert.Equal(message, Assert.Throws<InvalidArgumentException>(() => VolumeListFilter.Parse([filter], Now)).Message);
    }
}
