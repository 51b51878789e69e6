using Berth.Engine.Events;
using Berth.Engine.Images;
using Berth.Engine.Linux;
using Berth.Engine.Runtime;

namespace Berth.Engine.Containers.Files;

/// <summary>Opens a container's files for `cp`, `export` and `mount`, whatever its state; `mount` and `export` are recorded as events, as Podman records the one and dockerd the other.</summary>
public sealed class ContainerFiles(ContainerStore store, IImageResolver images, EventLog events)
{
    /// <summary>
    /// A running container's files as its processes see them (/proc/PID/root: with its volumes and bind
    /// mounts); otherwise its root filesystem (<see cref="OpenRootfsAsync"/>).
    /// </summary>
    public async Task<ContainerFileSystem> OpenAsync(ContainerRecord record, CancellationToken cancellationToken) =>
        record.Status is ContainerStatus.Running or ContainerStatus.Paused && record.Pid > 0
            ? new ContainerFileSystem(record, $"/proc/{record.Pid}/root", events, null)
            : await OpenRootfsAsync(record, cancellationToken);

    /// <summary>
    /// The container's root filesystem alone (image layers and its writable layer, no volumes): mounted already
    /// while the container is created, running or mounted by the user; otherwise mounted until the result is
    /// disposed, under the container's lock so it cannot start meanwhile.
    /// </summary>
    public async Task<ContainerFileSystem> OpenRootfsAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        var paths = store.PathsOf(record.Id);
        if (record.Status is ContainerStatus.Created or ContainerStatus.Running or ContainerStatus.Paused)
        {
            return new ContainerFileSystem(record, paths.Rootfs, events, null);
        }
        var containerLock = store.LockContainer(record.Id);
        try
        {
            if (IsUserMounted(paths))
            {
                return new ContainerFileSystem(record, paths.Rootfs, events, containerLock.Dispose);
            }
            await MountRootfsAsync(record, paths, cancellationToken);
            return new ContainerFileSystem(record, paths.Rootfs, events, () =>
            {
                OverlayRootfs.Unmount(paths.Rootfs);
                containerLock.Dispose();
            });
        }
        catch
        {
            containerLock.Dispose();
            throw;
        }
    }

    /// <summary>`mount`: mounts the root filesystem until <see cref="Unmount"/> and returns where.</summary>
    public async Task<string> MountAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        var paths = store.PathsOf(record.Id);
        using var containerLock = store.LockContainer(record.Id);
        if (!IsMounted(paths))
        {
            await MountRootfsAsync(record, paths, cancellationToken);
        }
        File.WriteAllBytes(paths.UserMount, []);
        events.Container("mount", record);
        return paths.Rootfs;
    }

    /// <summary>`umount`: ends the user's mount; a created or running container keeps its rootfs mounted.</summary>
    public void Unmount(ContainerRecord record)
    {
        var paths = store.PathsOf(record.Id);
        using var containerLock = store.LockContainer(record.Id);
        File.Delete(paths.UserMount);
        if (record.Status is not (ContainerStatus.Created or ContainerStatus.Running or ContainerStatus.Paused))
        {
            OverlayRootfs.Unmount(paths.Rootfs);
        }
    }

    /// <summary>Whether the container's root filesystem is mounted (created, running, or mounted by the user).</summary>
    public bool IsMounted(ContainerRecord record) => IsMounted(store.PathsOf(record.Id));

    private static bool IsMounted(ContainerPaths paths) => Directory.Exists(paths.Rootfs) && Posix.IsMountPoint(paths.Rootfs);

    private static bool IsUserMounted(ContainerPaths paths) => File.Exists(paths.UserMount) && IsMounted(paths);

    private async Task MountRootfsAsync(ContainerRecord record, ContainerPaths paths, CancellationToken cancellationToken)
    {
        var image = await images.ResolveAsync(record.ImageId, cancellationToken);
        // A cleanup cut short may have left it mounted.
        OverlayRootfs.Unmount(paths.Rootfs);
        OverlayRootfs.Mount(image.LayerDirectories, paths.Upper, paths.Work, paths.Rootfs, throwaway: record.AutoRemove);
    }
}
