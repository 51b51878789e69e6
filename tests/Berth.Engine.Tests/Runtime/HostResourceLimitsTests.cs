using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Runtime;

public class HostResourceLimitsTests
{
    [Theory]
    [InlineData(1_048_576UL, 20_000UL, 20_000UL)]
    [InlineData(1024UL, 20_000UL, 1024UL)]
    [InlineData(1024UL, ulong.MaxValue, 1024UL)]
    public void Limit_WantedAboveHostHard_IsClampedToHard(ulong wanted, ulong hostHard, ulong expected)
    {
        var limit = HostResourceLimits.Limit("RLIMIT_NOFILE", wanted, hostHard);

        Assert.Equal(expected, limit.Hard);
        Assert.Equal(expected, limit.Soft);
    }
}
