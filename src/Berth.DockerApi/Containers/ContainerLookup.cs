using Berth.Engine;
using Berth.Engine.Containers;

namespace Berth.DockerApi.Containers;

/// <summary>Finds a container by name, id or id prefix with Docker's not-found wording ("No such container: X").</summary>
public static class ContainerLookup
{
    public static ContainerRecord Find(BerthEngine engine, string nameOrId)
    {
        try
        {
            // Docker's names carry a leading slash in some clients (Names: ["/web"]).
            return engine.Containers.States.FindRefreshed(nameOrId.TrimStart('/'));
        }
        catch (NotFoundException)
        {
            throw new NotFoundException($"No such container: {nameOrId}");
        }
    }
}
