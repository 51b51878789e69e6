using Berth.Engine.Containers;
using Berth.Engine.Processes;

namespace Berth.Engine.Pods;

/// <summary>
/// `pod top`: the processes of every running container of the pod, the infra container's pause included, as Podman's;
/// ps(1) arguments (-eo pid,args) run each member's own ps, as `podman pod top POD -eo …` shows in its help.
/// </summary>
public sealed class PodTop(PodLifecycle lifecycle, ContainerTop top)
{
    public ProcessTable Table(PodRecord pod, IReadOnlyList<string> descriptorArguments)
    {
        // Unknown descriptors fail before the pod's state is looked at, as Podman checks them first.
        var titles = ProcessDescriptors.Parse(descriptorArguments).Select(d => d.Header).ToList();
        return new ProcessTable(titles, [.. Running(pod).SelectMany(c => top.Table(c, descriptorArguments).Processes)]);
    }

    /// <summary>
    /// `ps ARGUMENTS` in each running member but the infra container (whose image may have no ps): the first one's
    /// header line, then every member's process lines.
    /// </summary>
    public async Task<IReadOnlyList<string>> PsAsync(PodRecord pod, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var members = Running(pod).Where(c => c.Id != pod.InfraId).ToList();
        if (members.Count == 0)
        {
            throw new ConflictException("pod top with ps(1) arguments needs a running container in the pod besides its infra container");
        }
        var lines = new List<string>();
        foreach (var member in members)
        {
            var output = await top.PsAsync(member, arguments, cancellationToken);
            lines.AddRange(lines.Count == 0 ? output : output.Skip(1));
        }
        return lines;
    }

    private List<ContainerRecord> Running(PodRecord pod)
    {
        var running = lifecycle.ContainersOf(pod).Where(c => c.Status is ContainerStatus.Running or ContainerStatus.Paused).ToList();
        return running.Count > 0 ? running : throw new ConflictException("pod top can only be used on pods with at least one running container");
    }
}
