using Berth.Engine.Containers;

namespace Berth.Engine.Pods;

/// <summary>
/// The verbs that act on a pod as a whole, as Podman's: the infra container starts before the members and stops after
/// them; a pod's status is computed from its containers' (<see cref="PodStatusRules"/>).
/// </summary>
public sealed class PodLifecycle(PodStore store, ContainerEngine containers, PodCreator creator)
{
    /// <summary>The pod's containers, refreshed, the infra container first, then the members by creation.</summary>
    public IReadOnlyList<ContainerRecord> ContainersOf(PodRecord pod) =>
        [.. containers.States.ListRefreshed().Where(c => c.Pod?.PodId == pod.Id).OrderBy(c => c.Pod!.IsInfra ? 0 : 1).ThenBy(c => c.Created)];

    public PodStatus StatusOf(PodRecord pod) => PodStatusRules.Of([.. ContainersOf(pod).Select(c => c.Status)]);

    public async Task StartAsync(PodRecord pod, CancellationToken cancellationToken = default)
    {
        foreach (var container in ContainersOf(pod).Where(c => c.Status != ContainerStatus.Running))
        {
            var ready = await containers.Lifecycle.PrepareStartAsync(container, cancellationToken);
            if (ready.Status == ContainerStatus.Created)
            {
                await containers.Lifecycle.StartAsync(ready, cancellationToken);
            }
        }
        containers.Events.Pod("start", pod.Id, pod.Name);
    }

    /// <summary>Stops the members (SIGTERM, then SIGKILL after <paramref name="timeout"/>), then the infra container.</summary>
    public async Task StopAsync(PodRecord pod, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        foreach (var container in ContainersOf(pod).Reverse())
        {
            await containers.Lifecycle.StopAsync(container, timeout, cancellationToken);
        }
        containers.Events.Pod("stop", pod.Id, pod.Name);
    }

    public async Task RestartAsync(PodRecord pod, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await StopAsync(pod, timeout, cancellationToken);
        await StartAsync(pod, cancellationToken);
    }

    /// <summary>Signals every running container of the pod; a pod with none running is refused, as Podman's `pod kill`.</summary>
    public async Task KillAsync(PodRecord pod, string signal, CancellationToken cancellationToken = default)
    {
        var running = ContainersOf(pod).Where(c => c.Status.CanSignal()).Reverse().ToList();
        if (running.Count == 0)
        {
            throw new ConflictException($"pod {pod.Id} is not running: pod state improper");
        }
        foreach (var container in running)
        {
            await containers.Lifecycle.KillAsync(container, signal, cancellationToken);
        }
        containers.Events.Pod("kill", pod.Id, pod.Name);
    }

    /// <summary>
    /// Removes the pod with its containers and namespaces; a running or paused container refuses it unless
    /// <paramref name="force"/>, in Podman's words.
    /// </summary>
    public async Task RemoveAsync(PodRecord pod, bool force, CancellationToken cancellationToken = default)
    {
        var members = ContainersOf(pod);
        if (!force && members.FirstOrDefault(c => !c.Status.CanRemove(force: false)) is { } busy)
        {
            throw new ConflictException($"pod {pod.Id} has containers that are not ready to be removed: cannot remove container {busy.Id} as it is {busy.Status.ToString().ToLowerInvariant()} - running or paused containers cannot be removed without force: container state improper");
        }
        foreach (var container in members.Reverse())
        {
            await containers.Lifecycle.RemoveAsync(container, force: true, cancellationToken, withPod: true);
        }
        using (store.Lock())
        {
            creator.RemoveNamespaces(pod);
            store.Delete(pod.Id);
        }
        containers.Events.Pod("remove", pod.Id, pod.Name);
    }
}
