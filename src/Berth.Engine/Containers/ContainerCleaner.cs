using Berth.Engine.Health;
using Berth.Engine.Network;
using Berth.Engine.Runtime;
using Berth.Engine.Runtime.Shim;
using Berth.Engine.Store;

namespace Berth.Engine.Containers;

/// <summary>
/// Releases what a container holds on the host once it no longer runs: the runtime's state, the
/// rootfs mount, the network namespace and rules, the attach socket link, the health check's monitor. Every step is safe to repeat,
/// so a cleanup cut short by a crash can simply run again.
/// </summary>
public sealed class ContainerCleaner(ContainerStore store, Func<string, IRuntimeDriver> drivers, IContainerNetwork? network, HealthMonitors? healthMonitors = null)
{
    /// <summary>
    /// Under the container's lock, so the shim's exit command and the CLI can both call it at once. A container removed meanwhile
    /// (an --rm one, by its foreground client or its exit command, as `stop` from elsewhere ends it) was released by its removal.
    /// </summary>
    public async Task ReleaseAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        FileLock containerLock;
        try
        {
            containerLock = store.LockContainer(record.Id);
        }
        catch (IOException) when (store.Load(record.Id) is null)
        {
            return;
        }
        using (containerLock)
        {
            await ReleaseLockedAsync(record, cancellationToken);
        }
    }

    /// <summary>As <see cref="ReleaseAsync"/>, for a caller that already holds the container's lock.</summary>
    public async Task ReleaseLockedAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        healthMonitors?.Stop(record.Id);
        await drivers(record.Runtime).DeleteAsync(record.Id, cancellationToken);
        OverlayRootfs.Unmount(store.PathsOf(record.Id).Rootfs);
        if (record.Network == NetworkMode.Bridge && network is not null)
        {
            await network.DetachAsync(record.Id, cancellationToken);
        }
        var socketLink = Path.GetDirectoryName(ConmonShim.AttachSocket(record.Id))!;
        if (File.Exists(socketLink) || Directory.Exists(socketLink))
        {
            File.Delete(socketLink);
        }
    }

    /// <summary>Releases the container and deletes its record and files.</summary>
    public async Task RemoveAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        using var containerLock = store.LockContainer(record.Id);
        await RemoveLockedAsync(record, cancellationToken);
    }

    /// <summary>As <see cref="RemoveAsync"/>, for a caller that already holds the container's lock.</summary>
    public async Task RemoveLockedAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        await ReleaseLockedAsync(record, cancellationToken);
        store.Delete(record.Id);
        var exits = ConmonShim.PersistDirectory(record.Id);
        if (Directory.Exists(exits))
        {
            Directory.Delete(exits, recursive: true);
        }
    }
}
