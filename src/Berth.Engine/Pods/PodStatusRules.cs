using Berth.Engine.Containers;

namespace Berth.Engine.Pods;

/// <summary>A pod's status from its containers' (the infra container's included), as Podman 4.3's createPodStatusResults computes it.</summary>
public static class PodStatusRules
{
    /// <summary>
    /// Running when every container runs, Degraded when only some do; Paused or Exited when all are; Stopped when some have
    /// exited and none run; Created otherwise (a pod without containers too).
    /// </summary>
    public static PodStatus Of(IReadOnlyCollection<ContainerStatus> containers)
    {
        var running = containers.Count(s => s == ContainerStatus.Running);
        var exited = containers.Count(s => s == ContainerStatus.Exited);
        return containers.Count switch
        {
            0 => PodStatus.Created,
            _ when running == containers.Count => PodStatus.Running,
            _ when running > 0 => PodStatus.Degraded,
            _ when containers.All(s => s == ContainerStatus.Paused) => PodStatus.Paused,
            _ when exited == containers.Count => PodStatus.Exited,
            _ when exited > 0 => PodStatus.Stopped,
            _ => PodStatus.Created,
        };
    }
}
