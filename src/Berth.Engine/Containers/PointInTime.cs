using System.Globalization;
using Berth.Timing;

namespace Berth.Engine.Containers;

/// <summary>
/// A time as `logs --since/--until` and the Docker API take it: RFC 3339, Unix seconds (fractions
/// allowed), or a Go duration counted back from now (10m, 1h30m), as Podman and Docker read them.
/// </summary>
public static class PointInTime
{
    /// <summary>Null for null or empty text; throws <see cref="InvalidArgumentException"/> for anything else it cannot read.</summary>
    public static DateTimeOffset? Parse(string? text, DateTimeOffset now, string what)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        }
        if (GoDuration.TryParse(text, out var nanoseconds) && nanoseconds >= 0)
        {
            return now - TimeSpan.FromTicks(nanoseconds / 100);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }
        throw new InvalidArgumentException($"invalid {what} \"{text}\": expected a time (RFC 3339 or Unix seconds) or a duration such as 10m");
    }
}
