using Berth.Engine.Containers;

namespace Berth.Engine.Volumes;

/// <summary>
/// Removes volumes no container uses (`volume rm`, `volume prune`). It holds the containers' store lock while it
/// checks and deletes, the lock a container creation holds while it resolves its volumes, so a volume is never
/// removed under a container being created on it.
/// </summary>
public sealed class VolumeRemover(VolumeStore volumes, ContainerStore containers)
{
    /// <summary>Removes the volume; in use by a container (of any state): <see cref="InUseException"/>, as Docker's 409.</summary>
    /// <param name="force">Docker's --force: a missing volume is no error.</param>
    public void Remove(string name, bool force = false)
    {
        using var storeLock = containers.LockStore();
        using var volumeLock = volumes.Lock();
        if (volumes.Load(name) is null)
        {
            if (force)
            {
                return;
            }
            throw new NotFoundException($"get {name}: no such volume");
        }
        var users = UsersOf(name);
        if (users.Count > 0)
        {
            throw new InUseException($"remove {name}: volume is in use - [{string.Join(", ", users)}]");
        }
        volumes.Delete(name);
    }

    /// <summary>Removes every volume no container uses; returns the names removed.</summary>
    public IReadOnlyList<string> Prune()
    {
        using var storeLock = containers.LockStore();
        using var volumeLock = volumes.Lock();
        var used = containers.List().SelectMany(c => c.Mounts).Select(m => m.VolumeName).OfType<string>().ToHashSet();
        var removed = volumes.List().Select(v => v.Name).Where(name => !used.Contains(name)).ToList();
        removed.ForEach(volumes.Delete);
        return removed;
    }

    private List<string> UsersOf(string name) =>
        [.. containers.List().Where(c => c.Mounts.Any(m => m.VolumeName == name)).Select(c => c.Id)];
}
