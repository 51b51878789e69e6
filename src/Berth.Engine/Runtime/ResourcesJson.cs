using System.Text.Json.Nodes;

namespace Berth.Engine.Runtime;

/// <summary>A container's limits as the HostConfig fields `docker inspect` and `podman inspect` show (0 or "": none).</summary>
public static class ResourcesJson
{
    /// <summary>Adds Memory, NanoCpus, CpuShares… to <paramref name="hostConfig"/>; returns it.</summary>
    public static JsonObject AddTo(JsonObject hostConfig, ResourceLimits limits)
    {
        hostConfig["Memory"] = limits.MemoryBytes ?? 0;
        hostConfig["MemoryReservation"] = limits.MemoryReservation ?? 0;
        hostConfig["MemorySwap"] = limits.MemorySwap ?? limits.MemoryBytes ?? 0;
        hostConfig["NanoCpus"] = limits.Cpus is { } cpus ? (long)Math.Round(cpus * 1e9) : 0;
        hostConfig["CpuShares"] = limits.CpuShares ?? 0;
        hostConfig["CpuPeriod"] = limits.CpuPeriod ?? 0;
        hostConfig["CpuQuota"] = limits.CpuQuota ?? 0;
        hostConfig["CpusetCpus"] = limits.CpusetCpus ?? "";
        hostConfig["CpusetMems"] = limits.CpusetMems ?? "";
        hostConfig["PidsLimit"] = limits.PidsLimit ?? 0;
        hostConfig["BlkioWeight"] = limits.BlkioWeight ?? 0;
        return hostConfig;
    }
}
