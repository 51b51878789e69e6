using Berth.Engine.Containers;

namespace Berth.Engine.Networks;

/// <summary>
/// Removes user networks no container uses (`network rm`, `network prune`). It holds the containers' store lock
/// while it checks and deletes, the lock a container creation holds while it resolves its networks.
/// </summary>
public sealed class NetworkRemover(NetworkStore networks, ContainerStore containers)
{
    /// <summary>Removes the network; used by a container of any state: <see cref="InUseException"/> (Docker's "has active endpoints").</summary>
    public async Task<NetworkRecord> RemoveAsync(string nameOrId, CancellationToken cancellationToken = default)
    {
        if (NetworkStore.PredefinedNames.Contains(nameOrId))
        {
            throw new InvalidArgumentException($"{nameOrId} is a pre-defined network and cannot be removed");
        }
        using var storeLock = containers.LockStore();
        using var networkLock = networks.Lock();
        var network = networks.Find(nameOrId);
        var users = containers.List().Where(c => c.Networks.Any(e => e.Network == network.Name)).Select(c => c.Name).ToList();
        if (users.Count > 0)
        {
            throw new InUseException($"error while removing network: network {network.Name} id {network.Id} has active endpoints ({string.Join(", ", users)})");
        }
        await networks.DeleteAsync(network, cancellationToken);
        return network;
    }

    /// <summary>Removes every user network no container uses; returns their names.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(Func<NetworkRecord, bool> filter, CancellationToken cancellationToken = default)
    {
        using var storeLock = containers.LockStore();
        using var networkLock = networks.Lock();
        var used = containers.List().SelectMany(c => c.Networks).Select(e => e.Network).ToHashSet();
        var removed = new List<string>();
        foreach (var network in networks.List().Where(n => !used.Contains(n.Name) && filter(n)))
        {
            await networks.DeleteAsync(network, cancellationToken);
            removed.Add(network.Name);
        }
        return removed;
    }
}
