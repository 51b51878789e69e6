namespace Berth.Engine.Stats;

/// <summary>The memory cgroup's figures; <see cref="Limit"/> is at most the host's memory (Docker's and Podman's rule for "no limit").</summary>
public sealed record MemorySample(ulong Usage, ulong MaxUsage, ulong Limit, ulong Failcnt, IReadOnlyDictionary<string, ulong> Stats)
{
    /// <summary>Usage without the inactive page cache the kernel reclaims first: what `docker stats` and Podman show.</summary>
    public ulong WorkingSet
    {
        get
        {
            var inactive = Stats.TryGetValue("total_inactive_file", out var total) ? total : Stats.GetValueOrDefault("inactive_file");
            return inactive < Usage ? Usage - inactive : 0;
        }
    }

    /// <summary>The working set as a percentage of the limit.</summary>
    public double Percent => Limit == 0 ? 0 : 100.0 * WorkingSet / Limit;
}
