using Berth.Engine.Images.Oci;

namespace Berth.Engine.Images;

/// <summary>One step of an image's history (`history`), newest first: the image's id on the newest step, null on the others (Podman's &lt;missing&gt;).</summary>
/// <param name="Size">The bytes of the layer the step added; 0 for a step that added none.</param>
/// <param name="Tags">The image's names, on the newest step only.</param>
public sealed record ImageHistoryEntry(string? Id, DateTimeOffset? Created, string CreatedBy, long Size, string Comment, IReadOnlyList<string> Tags);

/// <summary>Reads an image's history from its config (OCI image-spec §config history), pairing each step that added a layer with that layer.</summary>
public static class ImageHistory
{
    public static async Task<IReadOnlyList<ImageHistoryEntry>> ReadAsync(ImageStore store, string reference, CancellationToken cancellationToken = default)
    {
        var image = await store.FindAsync(reference, cancellationToken);
        var config = await store.ReadConfigAsync(image, cancellationToken);
        var manifest = await store.ReadManifestAsync(image, cancellationToken);
        return Entries(image, config.History ?? [], manifest.Layers);
    }

    /// <summary>The entries of <paramref name="history"/> newest first; layers without a history step (a hand-made image) get a step of their own.</summary>
    public static IReadOnlyList<ImageHistoryEntry> Entries(ImageRecord image, IReadOnlyList<OciHistory> history, IReadOnlyList<OciDescriptor> layers)
    {
        var entries = new List<ImageHistoryEntry>();
        var layer = 0;
        foreach (var step in history)
        {
            var size = step.EmptyLayer == true || layer >= layers.Count ? 0 : layers[layer++].Size;
            entries.Add(new ImageHistoryEntry(null, step.Created, step.CreatedBy ?? "", size, step.Comment ?? "", []));
        }
        entries.AddRange(layers.Skip(layer).Select(l => new ImageHistoryEntry(null, null, "", l.Size, "", [])));
        entries.Reverse();
        if (entries.Count == 0)
        {
            entries.Add(new ImageHistoryEntry(null, image.Created, "", 0, "", []));
        }
        entries[0] = entries[0] with { Id = image.Id["sha256:".Length..], Tags = image.Names };
        return entries;
    }
}
