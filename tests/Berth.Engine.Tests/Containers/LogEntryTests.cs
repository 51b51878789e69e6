using Berth.Engine.Containers;

namespace Berth.Engine.Tests.Containers;

public class LogEntryTests
{
    [Fact]
    public void Parse_FullStderrLine_KeepsSpacesInContent()
    {
        var entry = LogEntry.Parse("2026-11-25T08:27:16.774673907+00:00 stderr F two  words ")!;

        Assert.Equal("2026-11-25T08:27:16.774673907+00:00", entry.Timestamp);
        Assert.True(entry.IsStderr);
        Assert.False(entry.Partial);
        Assert.Equal("two  words ", entry.Content);
    }

    [Fact]
    public void Time_NanosecondTimestamp_ParsesToTheTick()
    {
        var entry = LogEntry.Parse("2026-11-25T08:27:16.774673907+01:00 stdout F x")!;

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 7, 27, 16, TimeSpan.Zero).AddTicks(7746739), entry.Time.ToUniversalTime());
    }

    [Fact]
    public void Parse_PartialEmptyLine_IsPartialWithNoContent()
    {
        var entry = LogEntry.Parse("2026-11-25T08:27:16.774673907+00:00 stdout P")!;

        Assert.True(entry.Partial);
        Assert.Equal("", entry.Content);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("2026-11-25T08:27:16Z stdin F x")]
    public void Parse_NotALogLine_ReturnsNull(string line)
    {
        Assert.Null(LogEntry.Parse(line));
    }
}
