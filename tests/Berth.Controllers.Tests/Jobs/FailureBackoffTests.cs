using Berth.Controllers.Jobs;
using k8s.Models;

namespace Berth.Controllers.Tests.Jobs;

public sealed class FailureBackoffTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 80)]
    [InlineData(5, 160)]
    [InlineData(6, 320)]
    [InlineData(7, 360)]
    [InlineData(50, 360)]
    public void Delay_DoublesFromTenSecondsCappedAtSixMinutes(int failures, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), FailureBackoff.Delay(failures));
    }

    [Theory]
    // failures, seconds since the last failure → seconds still to wait
    [InlineData(1, 0, 10)]
    [InlineData(1, 4, 6)]
    [InlineData(1, 10, 0)]
    [InlineData(1, 30, 0)]
    [InlineData(3, 15, 25)]
    [InlineData(0, 0, 0)]
    public void Remaining_CountsFromTheLastFailure(int failures, int elapsed, int remaining)
    {
        var record = new FailureBackoff(failures, T0);

        Assert.Equal(TimeSpan.FromSeconds(remaining), record.Remaining(T0.AddSeconds(elapsed)));
    }

    [Fact]
    public void After_FailuresAddUpAndTheLatestIsRemembered()
    {
        var record = FailureBackoff.None.After([], [Failed(5), Failed(2)]).After([], [Failed(9)]);

        Assert.Equal(new FailureBackoff(3, T0.AddSeconds(9)), record);
    }

    [Fact]
    public void After_ASuccessKeepsOnlyTheFailuresAfterIt()
    {
        var record = new FailureBackoff(4, T0).After([Succeeded(10)], [Failed(8), Failed(12), Failed(15)]);

        Assert.Equal(new FailureBackoff(2, T0.AddSeconds(15)), record);
        Assert.Equal(FailureBackoff.None, new FailureBackoff(4, T0).After([Succeeded(10)], [Failed(8)]));
    }

    [Fact]
    public void After_NothingNewKeepsTheRecord()
    {
        var record = new FailureBackoff(2, T0);

        Assert.Same(record, record.After([], []));
    }

    private static V1Pod Failed(int second) => Finished("Failed", second);

    private static V1Pod Succeeded(int second) => Finished("Succeeded", second);

    private static V1Pod Finished(string phase, int second) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"p{second}", CreationTimestamp = T0 },
        Status = new V1PodStatus
        {
            Phase = phase,
            ContainerStatuses = [new V1ContainerStatus { Name = "c", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { FinishedAt = T0.AddSeconds(second) } } }],
        },
    };
}
