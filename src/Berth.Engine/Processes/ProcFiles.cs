using System.Globalization;

namespace Berth.Engine.Processes;

/// <summary>Parses a process's /proc files (pure: the text in, a <see cref="ProcessInfo"/> out).</summary>
public static class ProcFiles
{
    public static ProcessInfo Parse(int hostPid, string stat, string status, string cmdline)
    {
        // proc(5): "pid (comm) state ppid pgrp session tty_nr …"; comm may hold spaces and parentheses, so split after the last ')'.
        var open = stat.IndexOf('(');
        var close = stat.LastIndexOf(')');
        var f = stat[(close + 2)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int number) => long.Parse(f[number - 3], CultureInfo.InvariantCulture);
        var lines = status.Split('\n')
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.First()[1].Trim());
        uint[] Ids(string key) => [.. lines[key].Split('\t', ' ').Where(s => s.Length > 0).Select(s => uint.Parse(s, CultureInfo.InvariantCulture))];
        var uids = Ids("Uid");
        var gids = Ids("Gid");
        var nsPids = lines.TryGetValue("NSpid", out var nsPid) ? nsPid.Split('\t', ' ').Where(s => s.Length > 0).ToArray() : [hostPid.ToString(CultureInfo.InvariantCulture)];
        var rss = lines.TryGetValue("VmRSS", out var vmRss) ? ulong.Parse(vmRss.Split(' ')[0], CultureInfo.InvariantCulture) : 0;
        return new ProcessInfo
        {
            HostPid = hostPid,
            NamespacePid = int.Parse(nsPids[^1], CultureInfo.InvariantCulture),
            HostParentPid = (int)Field(4),
            Comm = stat[(open + 1)..close],
            CommandLine = cmdline.Split('\0', StringSplitOptions.RemoveEmptyEntries),
            State = f[0],
            ProcessGroup = (int)Field(5),
            TtyNumber = (int)Field(7),
            UserTicks = Field(14),
            SystemTicks = Field(15),
            Nice = (int)Field(19),
            StartTicks = Field(22),
            VirtualBytes = (ulong)Field(23),
            ResidentKilobytes = rss,
            Uid = (uids[0], uids[1]),
            Gid = (gids[0], gids[1]),
            Seccomp = lines.TryGetValue("Seccomp", out var seccomp) ? int.Parse(seccomp, CultureInfo.InvariantCulture) : 0,
        };
    }

    /// <summary>The terminal a tty_nr names, as ps shows it: "pts/3", "tty1", or "?" for none.</summary>
    public static string TtyName(int ttyNumber)
    {
        var major = (ttyNumber >> 8) & 0xfff;
        var minor = (ttyNumber & 0xff) | ((ttyNumber >> 12) & 0xfff00);
        return major switch
        {
            >= 136 and <= 143 => $"pts/{(major - 136) * 256 + minor}",
            4 when minor < 64 => $"tty{minor}",
            4 => $"ttyS{minor - 64}",
            _ => "?",
        };
    }

    /// <summary>/etc/passwd or /etc/group: id → name.</summary>
    public static IReadOnlyDictionary<uint, string> ParseNames(string text)
    {
        var names = new Dictionary<uint, string>();
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(':');
            if (parts.Length >= 3 && uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                names.TryAdd(id, parts[0]);
            }
        }
        return names;
    }

    /// <summary>The boot time (btime of /proc/stat).</summary>
    public static DateTimeOffset ParseBootTime(string procStat)
    {
        var line = procStat.Split('\n').First(l => l.StartsWith("btime ", StringComparison.Ordinal));
        return DateTimeOffset.FromUnixTimeSeconds(long.Parse(line[6..].Trim(), CultureInfo.InvariantCulture));
    }
}
