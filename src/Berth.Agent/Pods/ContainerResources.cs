using Berth.Engine.Runtime;
using k8s.Models;

namespace Berth.Agent.Pods;

/// <summary>
/// A container's requests and limits as the cgroup settings the kubelet gives them: the memory
/// limit, the cpu limit as a CFS quota over 100 ms, and the cpu request as shares (1024 per cpu,
/// at least 2, kube's MilliCPUToShares), so a busy node shares cpu in proportion to the requests.
/// </summary>
public static class ContainerResources
{
    private const ulong MinShares = 2;
    private const ulong SharesPerCpu = 1024;

    public static ResourceLimits LimitsFor(V1Container container)
    {
        var limits = container.Resources?.Limits;
        var requests = container.Resources?.Requests;
        var memory = limits is not null && limits.TryGetValue("memory", out var m) ? m.ToInt64() : (long?)null;
        var cpus = limits is not null && limits.TryGetValue("cpu", out var c) ? (double)c.ToDecimal() : (double?)null;
        // An unset request is the limit's (as API defaulting makes it), else none: the minimum weight.
        var requested = requests is not null && requests.TryGetValue("cpu", out var r) ? r.ToDecimal() : (decimal?)cpus ?? 0m;
        var shares = Math.Max(MinShares, (ulong)(requested * SharesPerCpu));
        return new ResourceLimits(MemoryBytes: memory, Cpus: cpus, CpuShares: shares);
    }
}
