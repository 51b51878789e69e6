using Berth.Engine.Containers;

namespace Berth.Engine.Tests.Containers;

public class ContainerStatusRulesTests
{
    [Theory]
    [InlineData(ContainerStatus.Created, true, false, false, false, false)]
    [InlineData(ContainerStatus.Running, false, true, true, false, true)]
    [InlineData(ContainerStatus.Paused, false, true, false, true, false)]
    [InlineData(ContainerStatus.Exited, false, false, false, false, false)]
    public void Checks_FollowTheLifecycle(ContainerStatus status, bool start, bool signal, bool pause, bool unpause, bool exec)
    {
        Assert.Equal(start, status.CanStart());
        Assert.Equal(signal, status.CanSignal());
        Assert.Equal(pause, status.CanPause());
        Assert.Equal(unpause, status.CanUnpause());
        Assert.Equal(exec, status.CanExec());
    }

    [Theory]
    [InlineData(ContainerStatus.Created, false, true)]
    [InlineData(ContainerStatus.Exited, false, true)]
    [InlineData(ContainerStatus.Running, false, false)]
    [InlineData(ContainerStatus.Paused, false, false)]
    [InlineData(ContainerStatus.Running, true, true)]
    [InlineData(ContainerStatus.Paused, true, true)]
    public void CanRemove_OnlyStoppedUnlessForced(ContainerStatus status, bool force, bool expected)
    {
        Assert.Equal(expected, status.CanRemove(force));
    }
}
