using Berth.Engine.Containers;
using Berth.Engine.Images;

namespace Berth.Engine.Space;

/// <summary>
/// `system df`, read without locks (like `image ls`). Images: SIZE is every blob and snapshot the store
/// holds; RECLAIMABLE is what `system prune -a` would free from them: all but what the images
/// containers were created from reach. Containers: SIZE is their directories (upper layer, logs) without the rootfs mount;
/// RECLAIMABLE is the part held by containers not running. Berth has no volumes yet: that row is zero.
/// </summary>
public sealed class SpaceUsage(ImageStore store, ContainerEngine engine)
{
    public async Task<IReadOnlyList<SpaceUsageRow>> MeasureAsync(CancellationToken cancellationToken)
    {
        var containers = engine.States.ListRefreshed();
        var usedImages = containers.Select(c => c.ImageId).ToHashSet();
        var images = await store.ListAsync(cancellationToken);
        var stored = store.Blobs.List().Sum(b => DiskUsage.Of(store.Blobs.PathOf(b)))
            + store.Snapshots.List().Sum(s => DiskUsage.Of(store.Snapshots.PathOf(s)));
        var reachable = await new ReachabilityWalk(store.Blobs).WalkAsync(images.Where(i => usedImages.Contains(i.Id)), usedImages, cancellationToken);
        var needed = reachable.Blobs.Sum(b => DiskUsage.Of(store.Blobs.PathOf(b)))
            + reachable.Snapshots.Sum(s => DiskUsage.Of(store.Snapshots.PathOf(s)));

        var containerSizes = containers.Select(c => (Stopped: ContainerPruner.IsStopped(c), Size: SizeOf(c))).ToList();
        return
        [
            new("Images", images.Count, images.Count(i => usedImages.Contains(i.Id)), stored, Math.Max(0, stored - needed)),
            new("Containers", containers.Count, containerSizes.Count(c => !c.Stopped), containerSizes.Sum(c => c.Size),
                containerSizes.Where(c => c.Stopped).Sum(c => c.Size)),
            new("Local Volumes", 0, 0, 0, 0),
        ];
    }

    private long SizeOf(ContainerRecord container)
    {
        var paths = engine.Store.PathsOf(container.Id);
        return DiskUsage.Of(paths.Directory, skip: paths.Rootfs);
    }
}
