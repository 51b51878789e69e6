using Berth.Cli.Output;

namespace Berth.Cli.Tests.Output;

public sealed class HumanSizeTests
{
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1_234_567, "1.235MB")]
    [InlineData(2_500_000_000, "2.5GB")]
    public void Format_Default_FourDigitsNoSpace(long bytes, string expected) =>
        Assert.Equal(expected, HumanSize.Format(bytes));

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1_234, "1.23 kB")]
    [InlineData(12_345_678, "12.3 MB")]
    [InlineData(64_028_278, "64 MB")]
    public void Spaced_Bytes_ThreeDigitsAndASpace(long bytes, string expected) =>
        Assert.Equal(expected, HumanSize.Spaced(bytes));
}
