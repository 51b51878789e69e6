using System.Globalization;

namespace Berth.Engine.Runtime;

/// <summary>The Linux capabilities by name, in the order of their numbers (capabilities(7), up to CAP_CHECKPOINT_RESTORE of Linux 5.9).</summary>
public static class LinuxCapabilities
{
    public static IReadOnlyList<string> All { get; } =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
        "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
        "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    /// <summary>
    /// The capabilities this process may hand on (its bounding set): what "every capability" means
    /// for a privileged container, as Podman takes it, since runc cannot grant one the host lacks.
    /// </summary>
    public static IReadOnlyList<string> Available { get; } = FromMask(BoundingMask());

    /// <summary>"net_admin", "NET_ADMIN" and "CAP_NET_ADMIN" are CAP_NET_ADMIN; "all" is ALL. An unknown name is refused.</summary>
    public static string Normalize(string name)
    {
        var upper = name.Trim().ToUpperInvariant();
        if (upper == "ALL")
        {
            return upper;
        }
        var full = upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
        return All.Contains(full) ? full : throw new BerthException($"unknown capability \"{name}\"");
    }

    /// <summary>The capabilities whose bits are set in <paramref name="mask"/>.</summary>
    public static IReadOnlyList<string> FromMask(ulong mask) => [.. All.Where((_, bit) => (mask & (1UL << bit)) != 0)];

    private static ulong BoundingMask()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapBnd:", StringComparison.Ordinal)) : null;
        return line is not null && ulong.TryParse(line["CapBnd:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask) ? mask : ulong.MaxValue;
    }
}
