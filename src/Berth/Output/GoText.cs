using System.Globalization;

namespace Berth.Cli.Output;

/// <summary>Values as Go's fmt prints them in a template, which Podman's --format fields are.</summary>
public static class GoText
{
    /// <summary>A time.Time: "2006-01-02 15:04:05.999999999 -0700 MST", in this machine's time zone.</summary>
    public static string Time(DateTimeOffset time)
    {
        time = time.ToLocalTime();
        var fraction = (time.Ticks % TimeSpan.TicksPerSecond).ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
        var offset = (time.Offset < TimeSpan.Zero ? "-" : "+") + time.Offset.ToString("hhmm", CultureInfo.InvariantCulture);
        return time.ToString("yyyy'-'MM'-'dd HH':'mm':'ss", CultureInfo.InvariantCulture) + (fraction.Length > 0 ? "." + fraction : "")
            + " " + offset + (time.Offset == TimeSpan.Zero ? " UTC" : "");
    }

    /// <summary>A map[string]string: "map[k1:v1 k2:v2]", keys sorted.</summary>
    public static string Map(IReadOnlyDictionary<string, string> map) =>
        $"map[{string.Join(' ', map.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}:{l.Value}"))}]";
}
