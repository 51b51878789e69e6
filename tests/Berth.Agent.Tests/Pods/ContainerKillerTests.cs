using Berth.Agent.Pods;

namespace Berth.Agent.Tests.Pods;

public class ContainerKillerTests
{
    [Theory]
    [InlineData(30, 0, 30)]
    [InlineData(30, 4.9, 26)]
    [InlineData(30, 27.5, 3)]
    [InlineData(30, 28, 2)]
    [InlineData(10, 10, 2)]
    [InlineData(1, 0, 2)]
    [InlineData(5, 60, 2)]
    public void StopGrace_IsWhatThePreStopHookLeft_InWholeSeconds_AtLeastTwo(double grace, double hookTook, double left) =>
        Assert.Equal(TimeSpan.FromSeconds(left), ContainerKiller.StopGrace(TimeSpan.FromSeconds(grace), TimeSpan.FromSeconds(hookTook)));
}
