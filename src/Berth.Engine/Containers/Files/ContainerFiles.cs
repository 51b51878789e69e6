using Berth.Engine.Images;
using Berth.Engine.Runtime;

namespace Berth.Engine.Containers.Files;

/// <summary>Opens a container's files for `cp`, whatever its state.</summary>
public sealed class ContainerFiles(ContainerStore store, IImageResolver images)
{
    /// <summary>
    /// A running container's files as its processes see them (/proc/PID/root: with its volumes and bind
    /// mounts); a created one's mounted rootfs; otherwise the rootfs mounted until the result is disposed,
    /// under the container's lock so it cannot start meanwhile.
    /// </summary>
    public async Task<ContainerFileSystem> OpenAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        var paths = store.PathsOf(record.Id);
        if (record.Status is ContainerStatus.Running or ContainerStatus.Paused && record.Pid > 0)
        {
            return new ContainerFileSystem(record, $"/proc/{record.Pid}/root", null);
        }
        if (record.Status == ContainerStatus.Created)
        {
            return new ContainerFileSystem(record, paths.Rootfs, null);
        }
        var containerLock = store.LockContainer(record.Id);
        try
        {
            var image = await images.ResolveAsync(record.ImageId, cancellationToken);
            // A cleanup cut short may have left it mounted.
            OverlayRootfs.Unmount(paths.Rootfs);
            OverlayRootfs.Mount(image.LayerDirectories, paths.Upper, paths.Work, paths.Rootfs);
            return new ContainerFileSystem(record, paths.Rootfs, () =>
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
}
