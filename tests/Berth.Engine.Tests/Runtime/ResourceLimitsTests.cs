using Berth.Engine.Runtime;

namespace Berth.Engine.Tests.Runtime;

public class ResourceLimitsTests
{
    [Theory]
    [InlineData("64m", 64L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("10485760", 10485760L)]
    [InlineData("512MB", 512L << 20)]
    public void ParseMemory_Units_GiveBytes(string value, long bytes)
    {
        Assert.Equal(bytes, ResourceLimits.ParseMemory(value));
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-5m")]
    [InlineData("1k")]
    public void ParseMemory_Bad_Throws(string value)
    {
        Assert.Throws<BerthException>(() => ResourceLimits.ParseMemory(value));
    }
}
