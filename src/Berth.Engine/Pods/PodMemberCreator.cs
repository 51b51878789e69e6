using Berth.Engine.Containers;

namespace Berth.Engine.Pods;

/// <summary>
/// `run|create --pod POD|new:NAME`: creates the container in an existing pod, or in a new pod NAME that takes the
/// container's published ports and networks, as Podman's `new:` does; a new pod goes again if the container fails.
/// </summary>
public sealed class PodMemberCreator(PodStore store, PodCreator creator, PodLifecycle lifecycle, ContainerEngine containers)
{
    private const string NewPrefix = "new:";

    public async Task<ContainerRecord> CreateAsync(string pod, ContainerCreateRequest request, CancellationToken cancellationToken = default)
    {
        if (!pod.StartsWith(NewPrefix, StringComparison.Ordinal))
        {
            return await containers.Creator.CreateAsync(await creator.JoinAsync(store.Find(pod), request, cancellationToken), cancellationToken);
        }
        if (pod.Length == NewPrefix.Length)
        {
            throw new InvalidArgumentException("--pod new: needs the name of the pod to create");
        }
        var created = await creator.CreateAsync(new PodCreateRequest
        {
            Name = pod[NewPrefix.Length..],
            Ports = request.Ports,
            Networks = [.. request.Networks.Select(n => n.Network)],
        }, cancellationToken);
        try
        {
            var member = await creator.JoinAsync(created, request with { Ports = [], Networks = [] }, cancellationToken);
            return await containers.Creator.CreateAsync(member, cancellationToken);
        }
        catch
        {
            await lifecycle.RemoveAsync(created, force: true, CancellationToken.None);
            throw;
        }
    }
}
