using Berth.Engine.Containers;
using Berth.Engine.Runtime;

namespace Berth.Engine.Stats;

/// <summary>
/// Reads a running container's counters from its cgroup (v1 controllers, as runc makes them on this
/// host: cpuacct, memory, blkio, pids under <see cref="ContainerCgroup.PathOf"/>) and from /proc: the
/// host's CPU time and memory, and the interfaces of the container's network namespace
/// (/proc/PID/net/dev shows the namespace of that process).
/// </summary>
public sealed class ContainerSampler(TimeProvider time, string cgroupRoot = "/sys/fs/cgroup", string procRoot = "/proc")
{
    // USER_HZ, the unit of /proc/stat, is 100 on every Linux architecture .NET runs on.
    private const long ClockTicksPerSecond = 100;

    /// <summary>A reading, or null when the container is not running or its cgroup is gone (it has just exited).</summary>
    public ContainerSample? Sample(ContainerRecord record)
    {
        if (record.Status is not (ContainerStatus.Running or ContainerStatus.Paused))
        {
            return null;
        }
        try
        {
            return Read(record);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private ContainerSample Read(ContainerRecord record)
    {
        var cgroup = ContainerCgroup.PathOf(record.Id).TrimStart('/');
        string Controller(string name, string file) => File.ReadAllText(Path.Combine(cgroupRoot, name, cgroup, file));
        var read = time.GetUtcNow();
        var hostMemory = CgroupFiles.ParseMemTotal(File.ReadAllText(Path.Combine(procRoot, "meminfo")));
        var memoryLimit = CgroupFiles.ParseNumber(Controller("memory", "memory.limit_in_bytes")) ?? ulong.MaxValue;
        var perCpu = CgroupFiles.ParseNumbers(Controller("cpuacct", "cpuacct.usage_percpu"));
        return new ContainerSample
        {
            Read = read,
            CpuTotal = CgroupFiles.ParseNumber(Controller("cpuacct", "cpuacct.usage")) ?? 0,
            PerCpu = perCpu,
            CpuUser = CgroupFiles.ParseNumber(Controller("cpuacct", "cpuacct.usage_user")) ?? 0,
            CpuKernel = CgroupFiles.ParseNumber(Controller("cpuacct", "cpuacct.usage_sys")) ?? 0,
            SystemCpu = CgroupFiles.ParseSystemCpuNanoseconds(File.ReadAllText(Path.Combine(procRoot, "stat")), ClockTicksPerSecond),
            OnlineCpus = Environment.ProcessorCount,
            Memory = new MemorySample(
                Usage: CgroupFiles.ParseNumber(Controller("memory", "memory.usage_in_bytes")) ?? 0,
                MaxUsage: CgroupFiles.ParseNumber(Controller("memory", "memory.max_usage_in_bytes")) ?? 0,
                Limit: Math.Min(memoryLimit, hostMemory),
                Failcnt: CgroupFiles.ParseNumber(Controller("memory", "memory.failcnt")) ?? 0,
                Stats: CgroupFiles.ParseFlatKeyed(Controller("memory", "memory.stat"))),
            BlockIo = CgroupFiles.ParseBlkio(Controller("blkio", "blkio.throttle.io_service_bytes_recursive")),
            Pids = CgroupFiles.ParseNumber(Controller("pids", "pids.current")) ?? 0,
            PidsLimit = CgroupFiles.ParseNumber(Controller("pids", "pids.max")),
            Networks = record.Network is NetworkMode.Host or NetworkMode.None
                ? null
                : CgroupFiles.ParseNetDev(File.ReadAllText(Path.Combine(procRoot, record.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "net", "dev"))),
        };
    }
}
