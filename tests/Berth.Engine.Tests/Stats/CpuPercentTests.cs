using Berth.Engine.Stats;

namespace Berth.Engine.Tests.Stats;

public sealed class CpuPercentTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(500_000_000UL, 1.0, 50.0)]
    [InlineData(2_000_000_000UL, 1.0, 200.0)]
    [InlineData(250_000_000UL, 5.0, 5.0)]
    public void Between_CpuTimeOverWallTime_Percent(ulong cpuDelta, double seconds, double expected) =>
        Assert.Equal(expected, CpuPercent.Between(1_000, Start, 1_000 + cpuDelta, Start.AddSeconds(seconds)), 6);

    [Fact]
    public void Between_NoTimePassedOrNoCpuUsed_Zero()
    {
        Assert.Equal(0, CpuPercent.Between(1_000, Start, 2_000, Start));
        Assert.Equal(0, CpuPercent.Between(1_000, Start, 1_000, Start.AddSeconds(1)));
    }
}
