namespace Berth.Engine.Space;

/// <summary>
/// `system prune [-a]`: the debris of interrupted operations first (measured before any store writer,
/// this prune's included, clears tmp/), then stopped containers (so the images they held become
/// unused), then images (dangling, or with <c>all</c> every unused one) with the sweep of
/// unreachable blobs and snapshots.
/// </summary>
public sealed class SystemPruner(ContainerPruner containers, ImagePruner images, DebrisCollector debris)
{
    public async Task<SystemPruneReport> PruneAsync(bool all, CancellationToken cancellationToken)
    {
        var freedDebris = await debris.CollectAsync(cancellationToken);
        var removedContainers = await containers.PruneAsync(cancellationToken);
        var removedImages = await images.PruneAsync(all, cancellationToken);
        return new SystemPruneReport(removedContainers, removedImages, freedDebris);
    }
}
