using Berth.Cli.Commands;
using Berth.Engine.Containers;

namespace Berth.Cli.Tests.Commands;

public sealed class ContainerListFilterTests
{
    private static readonly ContainerRecord Web = TestRecords.Container with
    {
        Name = "web-1",
        Created = DateTimeOffset.UnixEpoch,
        Status = ContainerStatus.Exited,
        ExitCode = 3,
        Labels = new Dictionary<string, string> { ["tier"] = "front", ["app"] = "shop" },
    };

    [Theory]
    [InlineData("id=93f1")]
    [InlineData("name=web")]
    [InlineData("name=^web-\\d$")]
    [InlineData("label=tier")]
    [InlineData("label=tier=front")]
    [InlineData("status=exited")]
    [InlineData("ancestor=busybox")]
    [InlineData("ancestor=busybox:test")]
    [InlineData("ancestor=localhost/busybox")]
    [InlineData("ancestor=4f2c")]
    [InlineData("exited=3")]
    public void Matches_OneFilterTheContainerMeets_True(string filter)
    {
        Assert.True(ContainerListFilter.Parse([filter]).Matches(Web));
    }

    [Theory]
    [InlineData("id=ffff")]
    [InlineData("name=^db")]
    [InlineData("label=tier=back")]
    [InlineData("status=running")]
    [InlineData("ancestor=busybox:other")]
    [InlineData("ancestor=box")]
    [InlineData("exited=0")]
    public void Matches_OneFilterTheContainerFails_False(string filter)
    {
        Assert.False(ContainerListFilter.Parse([filter]).Matches(Web));
    }

    [Fact]
    public void Matches_ValuesOfOneKey_AnyMatchesButLabelsAll()
    {
        Assert.True(ContainerListFilter.Parse(["status=running", "status=exited"]).Matches(Web));
        Assert.False(ContainerListFilter.Parse(["label=tier=front", "label=app=other"]).Matches(Web));
        Assert.False(ContainerListFilter.Parse(["status=exited", "name=db"]).Matches(Web));
    }

    [Fact]
    public void ListsStopped_StatusOrExitedFilter_True()
    {
        Assert.True(ContainerListFilter.Parse(["exited=0"]).ListsStopped);
        Assert.False(ContainerListFilter.Parse(["name=web"]).ListsStopped);
    }

    [Theory]
    [InlineData("color=red")]
    [InlineData("name")]
    [InlineData("name=[")]
    public void Parse_UnknownKeyNoValueOrBadPattern_ThrowsOneLineError(string filter)
    {
        var error = Assert.Throws<InvalidArgumentException>(() => ContainerListFilter.Parse([filter]));

        Assert.Contains(filter, error.Message);
    }

    [Theory]
    [InlineData("health=healthy", "healthy", true)]
    [InlineData("health=unhealthy", "healthy", false)]
    [InlineData("health=none", null, true)]
    [InlineData("health=starting", null, false)]
    public void Matches_Health_TheContainersStatusOrNone(string filter, string? health, bool expected)
    {
        Assert.Equal(expected, ContainerListFilter.Parse([filter], _ => health).Matches(Web));
    }

    [Fact]
    public void Parse_UnknownHealth_Refused()
    {
        Assert.Throws<InvalidArgumentException>(() => ContainerListFilter.Parse(["health=sick"]));
    }
}
