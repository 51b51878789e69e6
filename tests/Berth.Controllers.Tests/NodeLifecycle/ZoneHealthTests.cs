using Berth.Controllers.NodeLifecycle;

namespace Berth.Controllers.Tests.NodeLifecycle;

public sealed class ZoneHealthTests
{
    [Theory]
    [InlineData(3, 0, ZoneState.Normal)]
    [InlineData(2, 1, ZoneState.Normal)]
    [InlineData(1, 2, ZoneState.Normal)] // fewer than three not ready is never a disruption
    [InlineData(2, 3, ZoneState.PartialDisruption)]
    [InlineData(3, 3, ZoneState.Normal)] // 50% is under the 55% threshold
    [InlineData(0, 1, ZoneState.FullDisruption)]
    [InlineData(0, 0, ZoneState.Normal)]
    public void StateOf_FollowsKubesThresholds(int ready, int notReady, ZoneState state)
    {
        Assert.Equal(state, ZoneHealth.StateOf(ready, notReady, 0.55));
    }

    [Theory]
    [InlineData(ZoneState.Normal, 10, 0.1)]
    [InlineData(ZoneState.FullDisruption, 10, 0.1)]
    [InlineData(ZoneState.PartialDisruption, 10, 0)]
    [InlineData(ZoneState.PartialDisruption, 51, 0.01)]
    public void EvictionRate_SlowsOrStopsInADisruptedZone(ZoneState state, int size, double rate)
    {
        Assert.Equal(rate, ZoneHealth.EvictionRate(state, size, new NodeLifecycleOptions()));
    }

    [Fact]
    public void EvictionPace_LetsTheFirstNodeGoAtOnceThenOnePerInterval()
    {
        var pace = new EvictionPace();
        var t0 = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.True(pace.TryTake(0.1, t0));
        Assert.False(pace.TryTake(0.1, t0.AddSeconds(9)));
        Assert.True(pace.TryTake(0.1, t0.AddSeconds(10)));
        Assert.False(new EvictionPace().TryTake(0, t0));
    }
}
