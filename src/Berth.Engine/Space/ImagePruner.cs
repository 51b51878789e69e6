using Berth.Engine.Containers;
using Berth.Engine.Images;

namespace Berth.Engine.Space;

/// <summary>
/// `image prune [-a]`: removes dangling (nameless) images, or with <c>all</c> every image, that no
/// container was created from, then sweeps every blob and snapshot no remaining root reaches.
/// Holds the store lock (so no pull, import, load or build is between writing a blob and naming its
/// image) and the containers' lock (so no container is being allocated on an image it is deciding
/// about) from reading the roots to the end of the sweep.
/// </summary>
public sealed class ImagePruner(ImageStore store, ContainerStore containers, IImageUsage usage)
{
    public Task<PruneReport> PruneAsync(bool all, CancellationToken cancellationToken) => PruneAsync(all, null, cancellationToken);

    /// <summary>As <see cref="PruneAsync(bool, CancellationToken)"/>, removing only the images <paramref name="filter"/> also accepts (the Docker API's until and label filters).</summary>
    public async Task<PruneReport> PruneAsync(bool all, Func<ImageRecord, CancellationToken, ValueTask<bool>>? filter, CancellationToken cancellationToken)
    {
        using var session = await store.BeginWriteAsync(cancellationToken);
        using var containersLock = containers.LockStore();
        var users = (await usage.ListAsync(cancellationToken)).Select(u => u.ImageId).ToHashSet();
        var images = await store.ListAsync(cancellationToken);
        var doomed = new HashSet<string>();
        foreach (var image in images.Where(i => !users.Contains(i.Id) && (all || i.Names.Count == 0)))
        {
            if (filter is null || await filter(image, cancellationToken))
            {
                doomed.Add(image.Id);
            }
        }
        if (doomed.Count > 0)
        {
            await session.UpdateIndexAsync(list => list.Where(i => !doomed.Contains(i.Id)).ToList(), cancellationToken);
        }
        var kept = images.Where(i => !doomed.Contains(i.Id));
        var reachable = await new ReachabilityWalk(store.Blobs).WalkAsync(kept, users, cancellationToken);
        var freed = GarbageSweeper.Sweep(session, reachable);
        return new PruneReport([.. images.Where(i => doomed.Contains(i.Id)).Select(i => i.Id["sha256:".Length..])], freed);
    }
}
