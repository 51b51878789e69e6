namespace Berth.Engine.Runtime;

/// <summary>Where a container's cgroup lives: runc makes <c>/berth/ID</c> under each controller (cgroup v1) from the spec's cgroupsPath.</summary>
public static class ContainerCgroup
{
    public static string PathOf(string containerId) => $"/berth/{containerId}";
}
