namespace Berth.Scheduler.Framework;

/// <summary>What a node has left for more pods: allocatable CPU (milli-cores), memory and ephemeral storage less the pods' requests, and the pods it still accepts.</summary>
public readonly record struct NodeRoom(long MilliCpu, long Memory, long EphemeralStorage, int Pods)
{
    public static NodeRoom Between(ResourceSet allocatable, ResourceSet requested, int pods) => new(
        allocatable.MilliCpu - requested.MilliCpu,
        allocatable.Memory - requested.Memory,
        allocatable.EphemeralStorage - requested.EphemeralStorage,
        allocatable.AllowedPods - pods);

    /// <summary>Whether one more pod with these requests fits (scalar resources are not counted here).</summary>
    public bool Fits(ResourceSet request) =>
        Pods >= 1 && MilliCpu >= request.MilliCpu && Memory >= request.Memory && EphemeralStorage >= request.EphemeralStorage;
}
