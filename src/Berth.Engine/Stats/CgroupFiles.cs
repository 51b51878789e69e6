using System.Globalization;

namespace Berth.Engine.Stats;

/// <summary>Parsers for the text of cgroup and /proc files (pure, so the formats are tested without a kernel).</summary>
public static class CgroupFiles
{
    /// <summary>One number ("12345\n"); "max" (cgroup v2's "no limit") is null.</summary>
    public static ulong? ParseNumber(string text)
    {
        var value = text.Trim();
        return value == "max" || value.Length == 0 ? null : ulong.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Space-separated numbers on one line: cpuacct.usage_percpu.</summary>
    public static IReadOnlyList<ulong> ParseNumbers(string text) =>
        [.. text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(n => ulong.Parse(n, CultureInfo.InvariantCulture))];

    /// <summary>"key value" lines: memory.stat, cpu.stat.</summary>
    public static IReadOnlyDictionary<string, ulong> ParseFlatKeyed(string text)
    {
        var values = new Dictionary<string, ulong>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                values[parts[0]] = value;
            }
        }
        return values;
    }

    /// <summary>cgroup v1's blkio.throttle.io_service_bytes_recursive: "MAJOR:MINOR Op VALUE" lines and a "Total VALUE" line, left out.</summary>
    public static IReadOnlyList<BlkioEntry> ParseBlkio(string text)
    {
        var entries = new List<BlkioEntry>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && parts[0].Split(':') is [var major, var minor])
            {
                entries.Add(new BlkioEntry(ulong.Parse(major, CultureInfo.InvariantCulture), ulong.Parse(minor, CultureInfo.InvariantCulture),
                    parts[1], ulong.Parse(parts[2], CultureInfo.InvariantCulture)));
            }
        }
        return entries;
    }

    /// <summary>The first line of /proc/stat ("cpu user nice system idle iowait irq softirq steal …") as nanoseconds, as dockerd sums it (the first seven fields).</summary>
    public static ulong ParseSystemCpuNanoseconds(string procStat, long clockTicksPerSecond)
    {
        var line = procStat.Split('\n')[0];
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 8 || fields[0] != "cpu")
        {
            throw new FormatException($"unexpected /proc/stat line: {line}");
        }
        var ticks = fields[1..8].Aggregate(0UL, (sum, field) => sum + ulong.Parse(field, CultureInfo.InvariantCulture));
        return ticks * (ulong)(1_000_000_000 / clockTicksPerSecond);
    }

    /// <summary>MemTotal of /proc/meminfo, in bytes.</summary>
    public static ulong ParseMemTotal(string meminfo)
    {
        var line = meminfo.Split('\n').First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return ulong.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>/proc/PID/net/dev: the counters of each interface of the process's network namespace, loopback left out.</summary>
    public static IReadOnlyDictionary<string, InterfaceCounters> ParseNetDev(string text)
    {
        var interfaces = new SortedDictionary<string, InterfaceCounters>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Skip(2))
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }
            var name = line[..colon].Trim();
            var f = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(n => ulong.Parse(n, CultureInfo.InvariantCulture)).ToArray();
            if (name != "lo" && f.Length >= 16)
            {
                // Receive: bytes packets errs drop fifo frame compressed multicast; transmit: bytes packets errs drop …
                interfaces[name] = new InterfaceCounters(f[0], f[1], f[2], f[3], f[8], f[9], f[10], f[11]);
            }
        }
        return interfaces;
    }
}
