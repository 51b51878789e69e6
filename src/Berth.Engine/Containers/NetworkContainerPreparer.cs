namespace Berth.Engine.Containers;

/// <summary>
/// `--network container:NAME|ID` as Podman's: the container named need not run. Its namespace must exist when the new
/// container is created in the runtime, so one that has exited is brought back to Created here; it then starts before the
/// new container does (<see cref="ContainerLifecycle"/>'s dependency start).
/// </summary>
public sealed class NetworkContainerPreparer(ContainerStore store, ContainerLifecycle lifecycle)
{
    /// <summary><paramref name="request"/> with the joined container's full id; unchanged without one.</summary>
    public async Task<ContainerCreateRequest> PrepareAsync(ContainerCreateRequest request, CancellationToken cancellationToken = default)
    {
        if (request.NetworkContainer is not { } nameOrId)
        {
            return request;
        }
        var joined = await lifecycle.PrepareStartAsync(ContainerCreator.FindNetworkContainer(store, nameOrId), cancellationToken);
        return request with { NetworkContainer = joined.Id };
    }
}
