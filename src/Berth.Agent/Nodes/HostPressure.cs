using System.Globalization;

namespace Berth.Agent.Nodes;

/// <summary>
/// One sample of what kubelet's eviction manager watches: memory available, free space under the
/// data directory, and process ids left.
/// </summary>
public sealed record HostPressure(long MemoryAvailableBytes, double DiskAvailableFraction, double PidsAvailableFraction)
{
    /// <summary>kubelet's default hard-eviction thresholds: memory.available &lt; 100Mi, nodefs.available &lt; 10%.</summary>
    public const long MemoryThresholdBytes = 100L * 1024 * 1024;
    public const double DiskThreshold = 0.10;
    public const double PidThreshold = 0.10;

    public bool Memory => MemoryAvailableBytes < MemoryThresholdBytes;
    public bool Disk => DiskAvailableFraction < DiskThreshold;
    public bool Pids => PidsAvailableFraction < PidThreshold;

    public static HostPressure Sample(string dataDir) => new(
        HostFacts.MemInfo("MemAvailable") ?? long.MaxValue,
        DiskAvailable(dataDir),
        PidsAvailable());

    private static double DiskAvailable(string dataDir)
    {
        try
        {
            var drive = new DriveInfo(HostFacts.ExistingAncestor(dataDir));
            return drive.TotalSize > 0 ? (double)drive.AvailableFreeSpace / drive.TotalSize : 1;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return 1;
        }
    }

    /// <summary>1 - tasks / kernel.pid_max; /proc/loadavg's fourth field is "running/total tasks".</summary>
    private static double PidsAvailable()
    {
        try
        {
            var max = double.Parse(File.ReadAllText("/proc/sys/kernel/pid_max").Trim(), CultureInfo.InvariantCulture);
            var tasks = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[3].Split('/')[1], CultureInfo.InvariantCulture);
            return max > 0 ? 1 - (tasks / max) : 1;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return 1;
        }
    }
}
