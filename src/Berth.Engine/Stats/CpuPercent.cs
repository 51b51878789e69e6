namespace Berth.Engine.Stats;

/// <summary>CPU use between two readings, as Podman computes it (libpod's calculateCPUPercent).</summary>
public static class CpuPercent
{
    /// <summary>
    /// The container's CPU time over the wall time between the readings, in percent: one busy core is
    /// 100, two are 200. Zero when either difference is not positive.
    /// </summary>
    public static double Between(ulong previousCpuNanoseconds, DateTimeOffset previousAt, ulong cpuNanoseconds, DateTimeOffset at)
    {
        var cpuDelta = (double)cpuNanoseconds - previousCpuNanoseconds;
        var wallDelta = (at - previousAt).Ticks * 100.0;
        return cpuDelta > 0 && wallDelta > 0 ? cpuDelta / wallDelta * 100 : 0;
    }
}
