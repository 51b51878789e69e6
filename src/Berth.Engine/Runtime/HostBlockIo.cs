namespace Berth.Engine.Runtime;

/// <summary>
/// Whether this kernel can weigh a container's block I/O: cgroup v1's blkio.weight (or BFQ's), or cgroup v2's io
/// controller. Hosts without a weighing I/O scheduler have neither, and runc fails on a weight it cannot write.
/// </summary>
public static class HostBlockIo
{
    public static bool SupportsWeight { get; } =
        File.Exists("/sys/fs/cgroup/blkio/blkio.weight") || File.Exists("/sys/fs/cgroup/blkio/blkio.bfq.weight")
        || (File.Exists("/sys/fs/cgroup/cgroup.controllers") && File.ReadAllText("/sys/fs/cgroup/cgroup.controllers").Split().Contains("io"));
}
