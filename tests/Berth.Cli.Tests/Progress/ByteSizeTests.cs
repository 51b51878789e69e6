using Berth.Cli.Progress;

namespace Berth.Cli.Tests.Progress;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(999, "999 B")]
    [InlineData(1_234, "1.2 kB")]
    [InlineData(12_345_678, "12.3 MB")]
    [InlineData(64_028_278, "64.0 MB")]
    [InlineData(2_500_000_000, "2.5 GB")]
    public void Format_Bytes_DecimalUnitsWithOneDecimal(long bytes, string expected) =>
        Assert.Equal(expected, ByteSize.Format(bytes));
}
