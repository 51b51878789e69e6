using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Berth.Agent.Streaming;

/// <summary>kubelet's containerLogs parameters (kube's PodLogOptions as the API server passes them on).</summary>
public sealed record ContainerLogQuery(bool Follow, bool Previous, bool Timestamps, int? TailLines, long? LimitBytes, DateTimeOffset? Since)
{
    public static ContainerLogQuery Parse(IQueryCollection query, DateTimeOffset now)
    {
        DateTimeOffset? since = null;
        if (Number(query, "sinceSeconds") is { } seconds)
        {
            since = now.AddSeconds(-seconds);
        }
        else if (query["sinceTime"].ToString() is { Length: > 0 } time)
        {
            since = DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw StreamingError.BadRequest($"sinceTime {time}: not an RFC 3339 time");
        }
        var tail = Number(query, "tailLines");
        return new ContainerLogQuery(Flag(query, "follow"), Flag(query, "previous"), Flag(query, "timestamps"),
            tail is null ? null : (int)Math.Min(tail.Value, int.MaxValue), Number(query, "limitBytes"), since);
    }

    /// <summary>Go's strconv.ParseBool, which kube's query decoding uses.</summary>
    internal static bool Flag(IQueryCollection query, string name) => query[name].ToString() is "1" or "t" or "T" or "true" or "TRUE" or "True";

    private static long? Number(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw StreamingError.BadRequest($"{name} {text}: must be a whole number of 0 or more");
    }
}
