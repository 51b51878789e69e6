using Berth.Engine;
using Berth.Engine.Containers;

namespace Berth.DockerApi.Containers;

/// <summary>
/// dockerd's rule for `NetworkMode: container:X`: X must run when a container joining it is created and each time that
/// container starts (409 otherwise), where Podman, and so the engine, would start X. A missing X is a 400 at create, not
/// dockerd's 404 at start: the docker CLI reads a 404 from create as a missing image and pulls it.
/// </summary>
public static class NetworkContainerRule
{
    /// <summary>The full id of the running container <paramref name="nameOrId"/>, for a container about to be created.</summary>
    public static string RunningId(BerthEngine engine, string nameOrId)
    {
        ContainerRecord joined;
        try
        {
            joined = ContainerLookup.Find(engine, nameOrId);
        }
        catch (NotFoundException e)
        {
            throw new InvalidArgumentException(e.Message);
        }
        return Running(joined, nameOrId).Id;
    }

    /// <summary>Refuses to start <paramref name="record"/> while the container whose network namespace it joins does not run.</summary>
    public static void RequireRunning(BerthEngine engine, ContainerRecord record)
    {
        if (record.NetworkContainerId is { } id)
        {
            Running(ContainerLookup.Find(engine, id), id);
        }
    }

    private static ContainerRecord Running(ContainerRecord joined, string given) =>
        joined.Status is ContainerStatus.Running or ContainerStatus.Paused
            ? joined
            : throw new ConflictException($"cannot join network of a non running container: {given}");
}
