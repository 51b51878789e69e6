using System.Globalization;

namespace Berth.DockerApi.Http;

/// <summary>Times as Docker's JSON carries them: RFC 3339 with nanoseconds, Go's zero time for "never", Unix seconds in lists.</summary>
public static class DockerTime
{
    public const string Zero = "0001-01-01T00:00:00Z";

    public static string Format(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) : Zero;

    public static long Unix(DateTimeOffset time) => time.ToUnixTimeSeconds();
}
