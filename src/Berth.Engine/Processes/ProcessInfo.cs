namespace Berth.Engine.Processes;

/// <summary>What /proc/PID/stat, status and cmdline say about one process (ids as the host sees them, except <see cref="NamespacePid"/>).</summary>
public sealed record ProcessInfo
{
    public required int HostPid { get; init; }

    /// <summary>The pid in the process's own pid namespace (the last NSpid of its status).</summary>
    public required int NamespacePid { get; init; }
    public required int HostParentPid { get; init; }
    public required string Comm { get; init; }
    public required IReadOnlyList<string> CommandLine { get; init; }
    public required string State { get; init; }
    public required int ProcessGroup { get; init; }
    public required int TtyNumber { get; init; }
    public required long UserTicks { get; init; }
    public required long SystemTicks { get; init; }
    public required int Nice { get; init; }

    /// <summary>Start time in clock ticks after boot.</summary>
    public required long StartTicks { get; init; }
    public required ulong VirtualBytes { get; init; }
    public required ulong ResidentKilobytes { get; init; }

    /// <summary>Real and effective ids (status' first two values).</summary>
    public required (uint Real, uint Effective) Uid { get; init; }
    public required (uint Real, uint Effective) Gid { get; init; }
    public required int Seccomp { get; init; }
}
