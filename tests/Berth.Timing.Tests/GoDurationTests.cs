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

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(850L, "850ns")]
    [InlineData(1_500L, "1.5µs")]
    [InlineData(12_300_000L, "12.3ms")]
    [InlineData(4_050_000_000L, "4.05s")]
    [InlineData(123_500_000_000L, "2m3.5s")]
    [InlineData(3_600_250_000_000L, "1h0m0.25s")]
    [InlineData(15_795_577_084L, "15.795577084s")]
    public void Format_Nanoseconds_AsGoDurationStringPrintsThem(long nanoseconds, string text)
    {
        Assert.Equal(text, GoDuration.Format(nanoseconds));
    }
}
