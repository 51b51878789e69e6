namespace Berth.Engine.Images;

/// <summary>
/// Podman's intermediate images: untagged images another image continues (its layers and history
/// start with theirs), such as the cache images a build leaves for each step. `image ls` hides them
/// unless -a; an untagged image nothing continues is dangling and shown.
/// </summary>
public static class IntermediateImages
{
    /// <summary>The ids of the intermediate images among <paramref name="images"/>.</summary>
    public static async Task<HashSet<string>> FindAsync(ImageStore store, IReadOnlyList<ImageRecord> images, CancellationToken cancellationToken)
    {
        var shapes = new Dictionary<string, (List<string> Layers, List<Oci.OciHistory> History)>();
        foreach (var image in images)
        {
            var manifest = await store.ReadManifestAsync(image, cancellationToken);
            var config = await store.ReadConfigAsync(image, cancellationToken);
            shapes[image.Id] = ([.. manifest.Layers.Select(l => l.Digest)], config.History ?? []);
        }
        return images
            .Where(a => a.Names.Count == 0 && images.Any(b => b.Id != a.Id && Continues(shapes[b.Id], shapes[a.Id])))
            .Select(a => a.Id)
            .ToHashSet();
    }

    private static bool Continues((List<string> Layers, List<Oci.OciHistory> History) child, (List<string> Layers, List<Oci.OciHistory> History) parent) =>
        child.History.Count > parent.History.Count &&
        child.Layers.Count >= parent.Layers.Count &&
        child.Layers.Take(parent.Layers.Count).SequenceEqual(parent.Layers) &&
        child.History.Take(parent.History.Count).SequenceEqual(parent.History);
}
