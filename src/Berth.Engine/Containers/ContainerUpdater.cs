using Berth.Engine.Events;
using Berth.Engine.Runtime;

namespace Berth.Engine.Containers;

/// <summary>
/// `update`: under the container's lock, puts new limits over the container's (checked as dockerd checks them), has the
/// runtime apply them to a container that has a cgroup (created, running, paused), writes them into the bundle for its
/// next start and stores them with the restart policy on the record. A runtime that refuses leaves everything as it was.
/// </summary>
public sealed class ContainerUpdater(ContainerStore store, ContainerStateReader states, Func<string, IRuntimeDriver> drivers, EventLog events)
{
    public async Task<ContainerRecord> UpdateAsync(ContainerRecord record, ContainerUpdate update, CancellationToken cancellationToken = default)
    {
        // Refresh before locking: it takes the lock itself when it records an exit.
        record = states.Refresh(store.Load(record.Id) ?? record);
        using var containerLock = store.LockContainer(record.Id);
        record = store.Load(record.Id) ?? throw new NotFoundException($"no container with name or ID \"{record.Name}\" found: no such container");
        if (update.RestartPolicy is { AllowsAutoRemove: false } && record.AutoRemove)
        {
            throw new InvalidArgumentException("Restart policy cannot be updated because AutoRemove is enabled for the container");
        }
        var limits = record.Resources.With(update.Resources).Validated();
        var config = store.PathsOf(record.Id).Config;
        var resources = BundleResources.For(config, limits);
        if (record.Status is ContainerStatus.Created or ContainerStatus.Running or ContainerStatus.Paused)
        {
            await drivers(record.Runtime).UpdateAsync(record.Id, resources, cancellationToken);
        }
        await BundleResources.WriteAsync(config, resources, cancellationToken);
        var updated = record with { Resources = limits, RestartPolicy = update.RestartPolicy ?? record.RestartPolicy };
        store.Save(updated);
        events.Container("update", updated);
        return updated;
    }
}
