using Berth.ApiServer.Tables;

namespace Berth.ApiServer.Tests.Tables;

public class HumanDurationTests
{
    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(5, "5s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(190, "3m10s")]
    [InlineData(599, "9m59s")]
    [InlineData(600, "10m")]
    [InlineData(179 * 60, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(2 * 3600 + 30 * 60 + 3 * 3600, "5h30m")]
    [InlineData(20 * 3600, "20h")]
    [InlineData(51 * 3600, "2d3h")]
    [InlineData(7 * 86400, "7d")]
    [InlineData(30 * 86400, "30d")]
    [InlineData(830 * 86400, "2y100d")]
    [InlineData(9 * 365 * 86400, "9y")]
    public void Format_Duration_MatchesKubectl(long seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Since_MissingTimestamp_IsUnknown()
    {
        Assert.Equal("<unknown>", HumanDuration.Since(null, DateTimeOffset.UnixEpoch));
    }
}
