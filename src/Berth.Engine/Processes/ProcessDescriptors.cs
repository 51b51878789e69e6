using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Berth.Timing;

namespace Berth.Engine.Processes;

/// <summary>The format descriptors of `podman top` (psgo's ps(1) AIX descriptors and its container ones), with psgo's headers and renderings.</summary>
public static class ProcessDescriptors
{
    /// <summary>psgo's default, `ps -ef`-like.</summary>
    public static readonly IReadOnlyList<string> Default = ["user", "pid", "ppid", "pcpu", "etime", "tty", "time", "args"];

    public static readonly IReadOnlyList<ProcessDescriptor> All =
    [
        new("%C", "pcpu", "%CPU", (p, c) =>
        {
            var elapsed = (c.Now - c.StartOf(p)).TotalSeconds;
            return (elapsed > 0 ? 100.0 * ProcessTableContext.CpuSecondsOf(p) / elapsed : 0).ToString("F3", CultureInfo.InvariantCulture);
        }),
        new("%G", "group", "GROUP", (p, c) => Name(c.Groups, p.Gid.Effective)),
        new("%P", "ppid", "PPID", (p, c) => Text(c.NamespacePidOfHostPid.GetValueOrDefault(p.HostParentPid))),
        new("%U", "user", "USER", (p, c) => Name(c.Users, p.Uid.Effective)),
        new(null, "uid", "UID", (p, _) => Text(p.Uid.Effective)),
        new("%a", "args", "COMMAND", (p, _) => p.CommandLine.Count == 0 ? $"[{p.Comm}]" : string.Join(' ', p.CommandLine)),
        new("%c", "comm", "COMMAND", (p, _) => p.Comm),
        new("%g", "rgroup", "RGROUP", (p, c) => Name(c.Groups, p.Gid.Real)),
        new("%n", "nice", "NI", (p, _) => Text(p.Nice)),
        new("%p", "pid", "PID", (p, _) => Text(p.NamespacePid)),
        new("%r", "pgid", "PGID", (p, c) => Text(c.NamespacePidOfHostPid.GetValueOrDefault(p.ProcessGroup))),
        new("%t", "etime", "ELAPSED", (p, c) => GoDuration.Format((c.Now - c.StartOf(p)).Ticks * 100)),
        new("%u", "ruser", "RUSER", (p, c) => Name(c.Users, p.Uid.Real)),
        new("%x", "time", "TIME", (p, _) => GoDuration.Format(ProcessTableContext.CpuSecondsOf(p) * 1_000_000_000)),
        new("%y", "tty", "TTY", (p, _) => ProcFiles.TtyName(p.TtyNumber)),
        new("%z", "vsz", "VSZ", (p, _) => Text(p.VirtualBytes / 1024)),
        new(null, "rss", "RSS", (p, _) => Text(p.ResidentKilobytes)),
        new(null, "state", "STATE", (p, _) => p.State),
        new(null, "stime", "STIME", (p, c) => c.StartOf(p).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss '+0000 UTC'", CultureInfo.InvariantCulture)),
        new(null, "seccomp", "SECCOMP", (p, _) => p.Seccomp switch { 0 => "disabled", 1 => "strict", 2 => "filter", _ => "?" }),
        new(null, "hpid", "HPID", (p, _) => Text(p.HostPid)),
        new(null, "huser", "HUSER", (p, c) => Name(c.HostUsers, p.Uid.Effective)),
        new(null, "huid", "HUID", (p, _) => Text(p.Uid.Effective)),
        new(null, "hgroup", "HGROUP", (p, c) => Name(c.HostGroups, p.Gid.Effective)),
    ];

    /// <summary>
    /// The descriptors named, by name or code; each argument may hold several separated by commas (as
    /// Podman takes them). None named: <see cref="Default"/>. False, with the first unknown name, when one is none.
    /// </summary>
    public static bool TryParse(IEnumerable<string> arguments, [NotNullWhen(true)] out IReadOnlyList<ProcessDescriptor>? descriptors, [NotNullWhen(false)] out string? unknown)
    {
        var names = arguments.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var found = new List<ProcessDescriptor>();
        foreach (var name in names.Count == 0 ? Default : names)
        {
            if (All.FirstOrDefault(d => d.Name == name || d.Code == name) is not { } descriptor)
            {
                (descriptors, unknown) = (null, name);
                return false;
            }
            found.Add(descriptor);
        }
        (descriptors, unknown) = (found, null);
        return true;
    }

    /// <summary>As <see cref="TryParse"/>; an unknown name is an <see cref="InvalidArgumentException"/>.</summary>
    public static IReadOnlyList<ProcessDescriptor> Parse(IEnumerable<string> arguments) =>
        TryParse(arguments, out var descriptors, out var unknown) ? descriptors : throw new InvalidArgumentException($"'{unknown}': unknown descriptor");

    private static string Name(IReadOnlyDictionary<uint, string> names, uint id) => names.TryGetValue(id, out var name) ? name : Text(id);

    private static string Text<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}
