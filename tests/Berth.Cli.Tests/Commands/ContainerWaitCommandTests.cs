using Berth.Cli.Commands;
using Berth.Engine;
using Berth.Engine.Containers;

namespace Berth.Cli.Tests.Commands;

public sealed class ContainerWaitCommandTests
{
    [Theory]
    [InlineData]
    [InlineData("stopped")]
    [InlineData("exited")]
    [InlineData("stopped", "exited")]
    public void Conditions_ExitOnly_NullForTheExitWait(params string[] conditions)
    {
        Assert.Null(ContainerWaitCommand.Conditions(conditions));
    }

    [Fact]
    public void Conditions_States_TheStatusesTheyName()
    {
        Assert.Equal([ContainerStatus.Running, ContainerStatus.Created], ContainerWaitCommand.Conditions(["running", "created"]));
        Assert.Equal([ContainerStatus.Paused, ContainerStatus.Exited], ContainerWaitCommand.Conditions(["paused", "exited"]));
    }

    [Fact]
    public void Conditions_Unknown_PodmansError()
    {
        Assert.Equal("unknown container state: bogus: invalid argument", Assert.Throws<InvalidArgumentException>(() => ContainerWaitCommand.Conditions(["bogus"])).Message);
    }
}
