using Berth.Engine.Containers;
using Berth.Engine.Processes;

namespace Berth.Engine.Pods;

/// <summary>`pod top`: the processes of every running container of the pod, the infra container's pause included, as Podman's.</summary>
public sealed class PodTop(PodLifecycle lifecycle, ContainerTop top)
{
    public ProcessTable Table(PodRecord pod, IReadOnlyList<string> descriptorArguments)
    {
        // Unknown descriptors fail before the pod's state is looked at, as Podman checks them first.
        var titles = ProcessDescriptors.Parse(descriptorArguments).Select(d => d.Header).ToList();
        var running = lifecycle.ContainersOf(pod).Where(c => c.Status is ContainerStatus.Running or ContainerStatus.Paused).ToList();
        if (running.Count == 0)
        {
            throw new ConflictException($"pod top can only be used on pods with at least one running container");
        }
        return new ProcessTable(titles, [.. running.SelectMany(c => top.Table(c, descriptorArguments).Processes)]);
    }
}
