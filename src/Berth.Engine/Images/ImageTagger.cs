namespace Berth.Engine.Images;

/// <summary>`tag` and `untag`: adds a name to an image (taking it from any image that had it) or removes one.</summary>
public sealed class ImageTagger(ImageStore store)
{
    /// <summary>Gives the image <paramref name="source"/> names the name <paramref name="target"/> (a short name goes under localhost/).</summary>
    public async Task<ImageRecord> TagAsync(string source, string target, CancellationToken cancellationToken)
    {
        var name = ImageReference.Parse(target);
        if (name.Digest is not null)
        {
            throw new InvalidArgumentException($"{target}: a tag cannot carry a digest");
        }
        using var session = await store.BeginWriteAsync(cancellationToken);
        var image = ImageLookup.Find(await store.ListAsync(cancellationToken), source) ?? throw new NotFoundException($"{source}: image not known");
        await session.UpdateIndexAsync(all => all.Select(i => i.Id == image.Id
            ? i with { Names = [.. i.Names.Where(n => n != name.FullName), name.FullName] }
            : i with { Names = i.Names.Where(n => n != name.FullName).ToList() }).ToList(), cancellationToken);
        store.Events.Object("image", "tag", image.HexId, name.FullName);
        return image;
    }

    /// <summary>
    /// Takes the names <paramref name="names"/> from the image <paramref name="source"/> names, or all its names when none are
    /// given (Podman's `untag`); a name the image does not have is a <see cref="NotFoundException"/> and nothing changes.
    /// </summary>
    public async Task<ImageRecord> UntagAsync(string source, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        using var session = await store.BeginWriteAsync(cancellationToken);
        var image = ImageLookup.Find(await store.ListAsync(cancellationToken), source) ?? throw new NotFoundException($"{source}: image not known");
        var removed = new HashSet<string>(image.Names);
        if (names.Count > 0)
        {
            removed.Clear();
            foreach (var name in names)
            {
                var fullName = ImageReference.Parse(name).FullName;
                removed.Add(image.Names.Contains(fullName) ? fullName : throw new NotFoundException($"{name}: tag not known"));
            }
        }
        await session.UpdateIndexAsync(all => all.Select(i => i.Id == image.Id ? i with { Names = [.. i.Names.Where(n => !removed.Contains(n))] } : i).ToList(), cancellationToken);
        foreach (var name in removed)
        {
            store.Events.Object("image", "untag", image.HexId, name);
        }
        return image;
    }
}
