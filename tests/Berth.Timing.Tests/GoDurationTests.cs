namespace Berth.Timing.Tests;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData(1, "1s")]
    [InlineData(59, "59s")]
    [InlineData(80, "1m20s")]
    [InlineData(300, "5m0s")]
    [InlineData(3600, "1h0m0s")]
    [InlineData(5430, "1h30m30s")]
    public void FormatSeconds_WholeSeconds_AsGoPrintsThem(int seconds, string text)
    {
        Assert.Equal(text, GoDuration.FormatSeconds(TimeSpan.FromSeconds(seconds)));
    }
}
