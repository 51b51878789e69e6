namespace Berth.Engine.Processes;

/// <summary>What a descriptor needs beyond the process: the clock, names inside the container and on the host, and the container's pids.</summary>
public sealed record ProcessTableContext(
    DateTimeOffset Now,
    DateTimeOffset BootTime,
    IReadOnlyDictionary<uint, string> Users,
    IReadOnlyDictionary<uint, string> Groups,
    IReadOnlyDictionary<uint, string> HostUsers,
    IReadOnlyDictionary<uint, string> HostGroups,
    IReadOnlyDictionary<int, int> NamespacePidOfHostPid)
{
    // USER_HZ, the unit of /proc/PID/stat's times, is 100 on every Linux architecture .NET runs on.
    public const long ClockTicksPerSecond = 100;

    /// <summary>When the process started, to the second (as psgo reads it).</summary>
    public DateTimeOffset StartOf(ProcessInfo process) => BootTime.AddSeconds(process.StartTicks / ClockTicksPerSecond);

    /// <summary>User plus system CPU time, in whole seconds (as psgo reads it).</summary>
    public static long CpuSecondsOf(ProcessInfo process) => (process.UserTicks + process.SystemTicks) / ClockTicksPerSecond;
}
