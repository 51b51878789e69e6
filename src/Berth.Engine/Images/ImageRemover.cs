using Berth.Engine.Containers;
using Berth.Engine.Space;
using Berth.Engine.Store;

namespace Berth.Engine.Images;

/// <summary>
/// `image rm`, with Podman's rules: removing by one of several names only untags it; removing by id an
/// image with several names, or an image a container uses, needs force. Then the collector image
/// prune uses (<see cref="ReachabilityWalk"/>, <see cref="GarbageSweeper"/>) deletes what no image
/// or container reaches any more. Holds the store lock, then the containers' lock, as prune does, so
/// a container being created either counts as a user or finds the image gone.
/// </summary>
public sealed class ImageRemover(ImageStore store, ContainerStore containers, IImageUsage usage)
{
    /// <summary>Exit code Podman uses when an image is in use by a container.</summary>
    public const int InUseExitCode = 2;

    /// <summary>Exit code Podman uses when an image to remove does not exist.</summary>
    public const int UnknownExitCode = 1;

    /// <summary>Removes or untags one image; returns Podman's "Untagged: NAME" and "Deleted: ID" lines.</summary>
    public async Task<IReadOnlyList<string>> RemoveAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        using var session = await store.BeginWriteAsync(cancellationToken);
        using var containersLock = containers.LockStore();
        var images = await store.ListAsync(cancellationToken);
        var image = ImageLookup.Find(images, reference) ?? throw new NotFoundException($"{reference}: image not known", UnknownExitCode);
        var byName = !IsIdOrDigest(reference, image) && image.Names.FirstOrDefault(ImageReference.Parse(reference).Matches) is not null;
        if (byName && image.Names.Count > 1)
        {
            var name = image.Names.First(ImageReference.Parse(reference).Matches);
            await session.UpdateIndexAsync(all => all.Select(i => i.Id == image.Id ? i with { Names = i.Names.Where(n => n != name).ToList() } : i).ToList(), cancellationToken);
            store.Events.Object("image", "untag", image.HexId, name);
            return [$"Untagged: {name}"];
        }
        if (!byName && image.Names.Count > 1 && !force)
        {
            throw new ConflictException($"unable to delete image {image.ShortId} by id with more than one tag ({string.Join(", ", image.Names)}): use -f");
        }
        var allUsers = await usage.ListAsync(cancellationToken);
        var users = allUsers.Where(u => u.ImageId == image.Id).ToList();
        if (users.Count > 0 && !force)
        {
            throw new InUseException(
                $"image {image.ShortId} is in use by container {string.Join(", ", users.Select(u => u.ContainerName))}: remove the container or use -f",
                InUseExitCode);
        }
        await session.UpdateIndexAsync(all => all.Where(i => i.Id != image.Id).ToList(), cancellationToken);
        var kept = images.Where(i => i.Id != image.Id);
        var reachable = await new ReachabilityWalk(store.Blobs).WalkAsync(kept, allUsers.Select(u => u.ImageId), cancellationToken);
        GarbageSweeper.Sweep(session, reachable);
        store.Events.Object("image", "remove", image.HexId, image.Names.FirstOrDefault() ?? image.HexId);
        return [.. image.Names.Select(n => $"Untagged: {n}"), $"Deleted: {image.Id["sha256:".Length..]}"];
    }

    private static bool IsIdOrDigest(string reference, ImageRecord image) =>
        Digest.TryParse(reference, out _) || image.Id.AsSpan("sha256:".Length).StartsWith(reference, StringComparison.Ordinal);
}
