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
            throw new InUseException($"remove {name}: volume is in use - [{string.Join(", ", users.Select(c => c.Id))}]");
        }
        volumes.Delete(name);
    }

    /// <summary>
    /// Podman's `volume rm --force`: removes the containers that use the volume (a running one stopped within
    /// <paramref name="stopTimeout"/>), then the volume; a missing volume is no error.
    /// </summary>
    public async Task RemoveWithUsersAsync(string name, ContainerLifecycle lifecycle, TimeSpan stopTimeout, CancellationToken cancellationToken = default)
    {
        foreach (var user in UsersOf(name))
        {
            await lifecycle.StopAsync(user, stopTimeout, cancellationToken);
            try
            {
                await lifecycle.RemoveAsync(user, force: true, cancellationToken);
            }
            catch (NotFoundException)
            {
                // Gone meanwhile (an --rm container's exit command): nothing left to remove.
            }
        }
        Remove(name, force: true);
    }

    /// <summary>Removes every volume no container uses and <paramref name="filter"/> accepts (all when null); returns the names removed.</summary>
    public IReadOnlyList<string> Prune(Func<VolumeRecord, bool>? filter = null)
    {
        using var storeLock = containers.LockStore();
        using var volumeLock = volumes.Lock();
        var used = UsedNames();
        var removed = volumes.List().Where(v => !used.Contains(v.Name) && (filter?.Invoke(v) ?? true)).Select(v => v.Name).ToList();
        removed.ForEach(volumes.Delete);
        return removed;
    }

    /// <summary>
    /// Removes the anonymous volumes of a container that is gone (`rm -v`, an --rm container's removal), except those
    /// another container still mounts (through --volumes-from), as Docker does; named volumes stay.
    /// </summary>
    public void RemoveAnonymousOf(ContainerRecord removed)
    {
        using var storeLock = containers.LockStore();
        using var volumeLock = volumes.Lock();
        var used = UsedNames();
        foreach (var name in removed.Mounts.Select(m => m.VolumeName).OfType<string>().Distinct())
        {
            if (volumes.Load(name) is { Anonymous: true } && !used.Contains(name))
            {
                volumes.Delete(name);
            }
        }
    }

    /// <summary>The names of the volumes some container (of any state) mounts.</summary>
    public HashSet<string> UsedNames() => [.. containers.List().SelectMany(c => c.Mounts.Select(m => m.VolumeName)).OfType<string>()];

    /// <summary>The containers (of any state) that mount the volume.</summary>
    public List<ContainerRecord> UsersOf(string name) => [.. containers.List().Where(c => c.Mounts.Any(m => m.VolumeName == name))];
}
