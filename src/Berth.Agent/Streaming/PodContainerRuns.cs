using Berth.Agent.Pods;
using Berth.Engine.Containers;

namespace Berth.Agent.Streaming;

/// <summary>
/// Finds the engine containers of one pod's container by the names the agent gives them
/// (<see cref="PodContainerName"/>): the runs of the newest pod of that namespace and name (a pod
/// deleted and made again under the same name leaves the old one's exited containers behind for a while).
/// </summary>
public sealed class PodContainerRuns(ContainerEngine engine)
{
    /// <summary>The runs, newest attempt first, with their state refreshed; empty when none was created yet.</summary>
    public IReadOnlyList<ContainerRecord> Find(string @namespace, string pod, string container) =>
        [.. NewestPod(@namespace, pod)
            .Where(c => c.Name.Container == container)
            .OrderByDescending(c => c.Name.Attempt)
            .Select(c => engine.States.Refresh(c.Record))];

    /// <summary>The newest pod's runs of every container, with their state refreshed; empty when it has none.</summary>
    public IReadOnlyList<ContainerRecord> FindPod(string @namespace, string pod) =>
        [.. NewestPod(@namespace, pod).Select(c => engine.States.Refresh(c.Record))];

    private List<(ContainerRecord Record, PodContainerName Name)> NewestPod(string @namespace, string pod)
    {
        var ofPod = engine.Store.List()
            .Select(r => (Record: r, Name: PodContainerName.TryParse(r.Name)))
            .Where(c => c.Name is { } n && n.Namespace == @namespace && n.Pod == pod)
            .ToList();
        if (ofPod.Count == 0)
        {
            return [];
        }
        var newestUid = ofPod.MaxBy(c => c.Record.Created).Name!.PodUid;
        return [.. ofPod.Where(c => c.Name!.PodUid == newestUid).Select(c => (c.Record, c.Name!))];
    }
}
