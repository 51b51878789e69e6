using Berth.Engine.Containers;
using Berth.Engine.Pods;
using static Berth.Engine.Containers.ContainerStatus;

namespace Berth.Engine.Tests.Pods;

public sealed class PodStatusRulesTests
{
    public static TheoryData<ContainerStatus[], PodStatus> Cases => new()
    {
        { [], PodStatus.Created },
        { [Created, Created], PodStatus.Created },
        { [Running, Running], PodStatus.Running },
        { [Running, Created], PodStatus.Degraded },
        { [Running, Exited], PodStatus.Degraded },
        { [Paused, Paused], PodStatus.Paused },
        { [Exited, Exited], PodStatus.Exited },
        { [Exited, Created], PodStatus.Stopped },
        { [Paused, Created], PodStatus.Created },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Of_ContainerStatuses_IsPodmansPodStatus(ContainerStatus[] containers, PodStatus expected) =>
        Assert.Equal(expected, PodStatusRules.Of(containers));
}
