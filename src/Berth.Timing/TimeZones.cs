namespace Berth.Timing;

/// <summary>
/// Time zones by IANA name, as Go's time.LoadLocation finds them (what kube validates
/// spec.timeZone and TZ= prefixes with): "" and "UTC" are UTC, "Local" the host's zone, anything
/// else the system's tz database (/usr/share/zoneinfo).
/// </summary>
public static class TimeZones
{
    /// <summary>The zone, or null with Go's error text ("unknown time zone NAME").</summary>
    public static TimeZoneInfo? Find(string name, out string? error)
    {
        error = null;
        switch (name)
        {
            case "" or "UTC":
                return TimeZoneInfo.Utc;
            case "Local":
                return TimeZoneInfo.Local;
        }
        // Go refuses names that would escape the zoneinfo tree; .NET would read the file.
        if (name.StartsWith('/') || name.Contains("..", StringComparison.Ordinal) || name.Contains('\\'))
        {
            error = $"unknown time zone {name}";
            return null;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            error = $"unknown time zone {name}";
            return null;
        }
    }

    /// <summary>
    /// The instant a wall-clock time names in a zone, resolved as Go's time.Date does: a time
    /// skipped by a forward jump is read with the offset after the jump (02:30 on a night that jumps
    /// from 02:00 to 03:00 is 01:30 before the jump), and a repeated time is its first occurrence.
    /// </summary>
    public static DateTimeOffset AtWallClock(TimeZoneInfo zone, DateTime wall)
    {
        var asUtc = DateTime.SpecifyKind(wall, DateTimeKind.Utc);
        var guess = zone.GetUtcOffset(asUtc);
        var utc = asUtc - guess;
        var actual = zone.GetUtcOffset(utc);
        return new DateTimeOffset(asUtc - (guess == actual ? guess : actual), TimeSpan.Zero);
    }

    /// <summary>The wall-clock time of an instant in a zone.</summary>
    public static DateTime WallClock(TimeZoneInfo zone, DateTimeOffset instant) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);
}
