namespace Berth.Engine.Runtime;

/// <summary>
/// The cgroup limits a user asked for (<c>--memory</c>, <c>--cpus</c>, <c>--pids-limit</c>;
/// a pod's resources); null means none.
/// </summary>
public sealed record ResourceLimits(long? MemoryBytes = null, double? Cpus = null, long? PidsLimit = null, ulong? CpuShares = null)
{
    public static ResourceLimits None { get; } = new();

    /// <summary>Parses a size like <c>64m</c>, <c>1g</c>, <c>512k</c> or plain bytes, as Podman does.</summary>
    public static long ParseMemory(string value)
    {
        var text = value.Trim().ToLowerInvariant().TrimEnd('b');
        long multiplier = 1;
        if (text.Length > 0 && "kmg".Contains(text[^1]))
        {
            multiplier = text[^1] switch { 'k' => 1L << 10, 'm' => 1L << 20, _ => 1L << 30 };
            text = text[..^1];
        }
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            throw new BerthException($"invalid memory size \"{value}\": expected a number with an optional unit k, m or g");
        }
        var bytes = (long)(number * multiplier);
        if (bytes < 6L << 20)
        {
            throw new BerthException($"invalid memory size \"{value}\": the minimum is 6m");
        }
        return bytes;
    }
}
