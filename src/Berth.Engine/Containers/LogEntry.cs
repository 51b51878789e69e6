using System.Globalization;

namespace Berth.Engine.Containers;

/// <summary>One line of conmon's k8s-file log: "TIMESTAMP stdout|stderr F|P CONTENT" (P: no newline yet).</summary>
public sealed record LogEntry(string Timestamp, bool IsStderr, bool Partial, string Content)
{
    /// <summary>When conmon wrote the entry (its RFC 3339 timestamp, to the 100 ns .NET keeps).</summary>
    public DateTimeOffset Time { get; } = ParseTime(Timestamp);

    /// <summary>The bytes the container wrote: the content, with its newline unless partial.</summary>
    public string Text => Partial ? Content : Content + "\n";

    public static LogEntry? Parse(string line)
    {
        var parts = line.Split(' ', 4);
        if (parts.Length < 3 || parts[1] is not ("stdout" or "stderr"))
        {
            return null;
        }
        return new LogEntry(parts[0], parts[1] == "stderr", parts[2] == "P", parts.Length == 4 ? parts[3] : "");
    }

    /// <summary>RFC 3339 with up to nine fractional digits; .NET parses seven, so the rest is cut.</summary>
    private static DateTimeOffset ParseTime(string timestamp)
    {
        var dot = timestamp.IndexOf('.');
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < timestamp.Length && char.IsAsciiDigit(timestamp[end]))
            {
                end++;
            }
            timestamp = timestamp[..Math.Min(end, dot + 8)] + timestamp[end..];
        }
        return DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : DateTimeOffset.MinValue;
    }
}
