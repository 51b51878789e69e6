using System.Globalization;
using Berth.Timing.Cron;

namespace Berth.Timing.Tests.Cron;

public sealed class CronScheduleTests
{
    [Theory]
    // schedule, after (UTC), next (UTC)
    [InlineData("*/1 * * * *", "2025-01-02T12:00:30Z", "2025-01-02T12:01:00Z")]
    [InlineData("* * * * *", "2025-01-02T12:01:00Z", "2025-01-02T12:02:00Z")]
    [InlineData("0 * * * *", "2025-01-02T12:00:00Z", "2025-01-02T13:00:00Z")]
    [InlineData("*/15 * * * *", "2025-01-02T12:16:00Z", "2025-01-02T12:30:00Z")]
    [InlineData("5/20 * * * *", "2025-01-02T12:26:00Z", "2025-01-02T12:45:00Z")]
    [InlineData("*/61 * * * *", "2025-01-02T12:01:00Z", "2025-01-02T13:00:00Z")]
    [InlineData("30 6-16/4 * * 1-5", "2025-01-03T14:31:00Z", "2025-01-06T06:30:00Z")]
    [InlineData("0 0 * * 5", "2025-01-01T00:00:00Z", "2025-01-03T00:00:00Z")]
    [InlineData("0 0 13 * *", "2025-01-01T00:00:00Z", "2025-01-13T00:00:00Z")]
    // Both day fields restricted: either matches (the 1st or 15th, or a Friday).
    [InlineData("0 0 1,15 * 5", "2025-01-01T00:00:00Z", "2025-01-03T00:00:00Z")]
    [InlineData("0 0 1,15 * 5", "2025-01-10T00:00:00Z", "2025-01-15T00:00:00Z")]
    // A step above 1 restricts the field: */2 days OR Fridays.
    [InlineData("0 0 */2 * 5", "2025-01-03T00:00:00Z", "2025-01-05T00:00:00Z")]
    [InlineData("0 0 */2 * 5", "2025-01-29T00:00:00Z", "2025-01-31T00:00:00Z")]
    // */1 stays a star: Fridays only.
    [InlineData("0 0 */1 * 5", "2025-01-03T00:00:00Z", "2025-01-10T00:00:00Z")]
    [InlineData("0 12 * JAN,mar sun", "2025-01-26T12:00:00Z", "2025-03-02T12:00:00Z")]
    [InlineData("0 0 29 2 *", "2025-01-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("@hourly", "2025-01-02T12:00:00Z", "2025-01-02T13:00:00Z")]
    [InlineData("@daily", "2025-01-02T12:00:00Z", "2025-01-03T00:00:00Z")]
    [InlineData("@midnight", "2025-01-02T00:00:00Z", "2025-01-03T00:00:00Z")]
    [InlineData("@weekly", "2025-01-02T12:00:00Z", "2025-01-05T00:00:00Z")]
    [InlineData("@monthly", "2025-01-02T12:00:00Z", "2025-02-01T00:00:00Z")]
    [InlineData("@yearly", "2025-01-02T12:00:00Z", "2026-01-01T00:00:00Z")]
    [InlineData("@annually", "2025-01-02T12:00:00Z", "2026-01-01T00:00:00Z")]
    [InlineData("@every 90s", "2025-01-02T12:00:00.500Z", "2025-01-02T12:01:30Z")]
    [InlineData("@every 1h30m", "2025-01-02T12:00:00Z", "2025-01-02T13:30:00Z")]
    [InlineData("@every 300ms", "2025-01-02T12:00:00Z", "2025-01-02T12:00:01Z")]
    [InlineData("TZ=Europe/Paris 0 3 * * *", "2025-07-01T00:00:00Z", "2025-07-01T01:00:00Z")]
    [InlineData("CRON_TZ=Asia/Tokyo 0 9 * * *", "2025-07-01T00:00:00Z", "2025-07-02T00:00:00Z")]
    public void Next_IsTheFirstActivationAfter(string schedule, string after, string next)
    {
        Assert.Equal(Instant(next), CronSchedule.Parse(schedule, TimeZoneInfo.Utc).Next(Instant(after)));
    }

    [Fact]
    public void Next_ReadsTheFieldsInTheGivenZone()
    {
        var paris = TimeZones.Find("Europe/Paris", out _)!;

        Assert.Equal(Instant("2025-01-02T02:00:00Z"), CronSchedule.Parse("0 3 * * *", paris).Next(Instant("2025-01-01T12:00:00Z")));
    }

    [Fact]
    public void Next_ATimeSkippedByTheSpringJump_RunsTheNextDay()
    {
        var schedule = CronSchedule.Parse("TZ=America/New_York 30 2 * * *", TimeZoneInfo.Utc);

        // 2025-03-09: New York jumps from 02:00 EST to 03:00 EDT; 02:30 does not exist that night.
        Assert.Equal(Instant("2025-03-10T06:30:00Z"), schedule.Next(Instant("2025-03-09T05:00:00Z")));
    }

    [Fact]
    public void Next_AnHourRepeatedInAutumn_RunsTwice()
    {
        var schedule = CronSchedule.Parse("TZ=America/New_York 30 1 * * *", TimeZoneInfo.Utc);

        // 2025-11-02: 01:00-02:00 happens in EDT, then again in EST.
        var first = schedule.Next(Instant("2025-11-02T04:00:00Z"))!.Value;
        var second = schedule.Next(first)!.Value;

        Assert.Equal((Instant("2025-11-02T05:30:00Z"), Instant("2025-11-02T06:30:00Z")), (first, second));
    }

    [Fact]
    public void Next_ADateThatNeverComes_IsNull()
    {
        Assert.Null(CronSchedule.Parse("59 23 31 2 *", TimeZoneInfo.Utc).Next(Instant("2025-01-01T00:00:00Z")));
    }

    [Theory]
    [InlineData("", "empty spec string")]
    [InlineData("   ", "expected exactly 5 fields, found 0: []")]
    [InlineData("* * * *", "expected exactly 5 fields, found 4: [* * * *]")]
    [InlineData("0 * * * * *", "expected exactly 5 fields, found 6: [0 * * * * *]")]
    [InlineData("61 * * * *", "end of range (61) above maximum (59): 61")]
    [InlineData("0 24 * * *", "end of range (24) above maximum (23): 24")]
    [InlineData("0 0 0 * *", "beginning of range (0) below minimum (1): 0")]
    [InlineData("0 0 * 13 *", "end of range (13) above maximum (12): 13")]
    [InlineData("0 0 * * 7", "end of range (7) above maximum (6): 7")]
    [InlineData("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1")]
    [InlineData("*/0 * * * *", "step of range should be a positive number: */0")]
    [InlineData("1-2-3 * * * *", "too many hyphens: 1-2-3")]
    [InlineData("1/2/3 * * * *", "too many slashes: 1/2/3")]
    [InlineData("x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("0 0 * foo *", "failed to parse int from foo: strconv.Atoi: parsing \"foo\": invalid syntax")]
    [InlineData("0 0 L * *", "failed to parse int from L: strconv.Atoi: parsing \"L\": invalid syntax")]
    [InlineData("@fortnightly", "unrecognized descriptor: @fortnightly")]
    [InlineData("@every 5x", "failed to parse duration @every 5x: time: invalid duration \"5x\"")]
    [InlineData("TZ=Nowhere/City * * * * *", "provided bad location Nowhere/City: unknown time zone Nowhere/City")]
    public void Parse_RejectsWithRobfigsMessage(string schedule, string message)
    {
        Assert.False(CronSchedule.IsValid(schedule, out var error));
        Assert.Equal(message, error);
    }

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
}
