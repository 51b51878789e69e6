using Berth.Engine.Containers;
using Berth.Engine.Images;
using Berth.Engine.Volumes;

namespace Berth.Engine.Space;

/// <summary>
/// `system df`, read without locks (like `image ls`). Images: SIZE is every blob and snapshot the store
/// holds; RECLAIMABLE is what `system prune -a` would free from them: all but what the images
/// containers were created from reach. Containers: SIZE is their directories (upper layer, logs) without the rootfs mount;
/// RECLAIMABLE is the part held by containers not running. Volumes: SIZE is their data; RECLAIMABLE that of volumes no
/// container mounts. The Docker API's /system/df lists the same figures per item (<see cref="ContainerSize"/>, <see cref="VolumeSizes"/>).
/// </summary>
public sealed class SpaceUsage(ImageStore store, ContainerEngine engine)
{
    public async Task<IReadOnlyList<SpaceUsageRow>> MeasureAsync(CancellationToken cancellationToken)
    {
        var containers = engine.States.ListRefreshed();
        var usedImages = containers.Select(c => c.ImageId).ToHashSet();
        var images = await store.ListAsync(cancellationToken);
        var stored = StoredBytes();
        var reachable = await new ReachabilityWalk(store.Blobs).WalkAsync(images.Where(i => usedImages.Contains(i.Id)), usedImages, cancellationToken);
        var needed = reachable.Blobs.Sum(b => DiskUsage.Of(store.Blobs.PathOf(b)))
            + reachable.Snapshots.Sum(s => DiskUsage.Of(store.Snapshots.PathOf(s)));

        var containerSizes = containers.Select(c => (Stopped: ContainerPruner.IsStopped(c), Size: ContainerSize(c))).ToList();
        var volumes = VolumeSizes(containers);
        return
        [
            new("Images", images.Count, images.Count(i => usedImages.Contains(i.Id)), stored, Math.Max(0, stored - needed)),
            new("Containers", containers.Count, containerSizes.Count(c => !c.Stopped), containerSizes.Sum(c => c.Size),
                containerSizes.Where(c => c.Stopped).Sum(c => c.Size)),
            new("Local Volumes", volumes.Count, volumes.Count(v => v.Users > 0), volumes.Sum(v => v.Size), volumes.Where(v => v.Users == 0).Sum(v => v.Size)),
        ];
    }

    /// <summary>Every blob and snapshot the image store holds: what images take on disk together (dockerd's LayersSize).</summary>
    public long StoredBytes() =>
        store.Blobs.List().Sum(b => DiskUsage.Of(store.Blobs.PathOf(b))) + store.Snapshots.List().Sum(s => DiskUsage.Of(store.Snapshots.PathOf(s)));

    /// <summary>A container's own bytes: its directory (upper layer, logs) without the mounted rootfs.</summary>
    public long ContainerSize(ContainerRecord container)
    {
        var paths = engine.Store.PathsOf(container.Id);
        return DiskUsage.Of(paths.Directory, skip: paths.Rootfs);
    }

    /// <summary>Each volume with the bytes of its data and how many of <paramref name="containers"/> mount it.</summary>
    public IReadOnlyList<(VolumeRecord Volume, long Size, int Users)> VolumeSizes(IReadOnlyList<ContainerRecord> containers) =>
        [.. engine.Volumes.List().Select(v => (v, DiskUsage.Of(v.Mountpoint), containers.Count(c => c.Mounts.Any(m => m.VolumeName == v.Name))))];
}
