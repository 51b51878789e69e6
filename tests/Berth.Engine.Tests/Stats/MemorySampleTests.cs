using Berth.Engine.Stats;

namespace Berth.Engine.Tests.Stats;

public sealed class MemorySampleTests
{
    [Fact]
    public void WorkingSet_CgroupV1Stats_UsageLessTotalInactiveFile()
    {
        var memory = new MemorySample(30_000_000, 0, 100_000_000, 0, new Dictionary<string, ulong> { ["total_inactive_file"] = 10_000_000, ["inactive_file"] = 1 });

        Assert.Equal(20_000_000UL, memory.WorkingSet);
        Assert.Equal(20.0, memory.Percent, 6);
    }

    [Fact]
    public void WorkingSet_MoreInactiveThanUsage_Zero() =>
        Assert.Equal(0UL, new MemorySample(5, 0, 10, 0, new Dictionary<string, ulong> { ["inactive_file"] = 9 }).WorkingSet);
}
