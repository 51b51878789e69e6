namespace Berth.Engine.Runtime;

/// <summary>
/// Whether this kernel can weigh a container's block I/O: cgroup v1's blkio.weight (or BFQ's), or cgroup v2's io
/// controller. Hosts without a weighing I/O scheduler have neither, and runc fails on a weight it cannot write.
/// </summary>
public static class HostBlockIo
{
    /// <summary>What dockerd and Podman say when they drop the weight, word for word (scripts grep it).</summary>
    public const string WeightDiscarded = "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.";

    public static bool SupportsWeight { get; } =
        File.Exists("/sys/fs/cgroup/blkio/blkio.weight") || File.Exists("/sys/fs/cgroup/blkio/blkio.bfq.weight")
        || (File.Exists("/sys/fs/cgroup/cgroup.controllers") && File.ReadAllText("/sys/fs/cgroup/cgroup.controllers").Split().Contains("io"));

    /// <summary>
    /// The limits with a weight this kernel cannot apply left out, and then the warning that says so: the container
    /// runs without it, as it does under dockerd and Podman, instead of failing in runc.
    /// </summary>
    public static ResourceLimits Applicable(ResourceLimits limits, out string? warning)
    {
        warning = limits.BlkioWeight is not null && !SupportsWeight ? WeightDiscarded : null;
        return warning is null ? limits : limits with { BlkioWeight = null };
    }
}
