using Berth.Engine.Images.Oci;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

namespace Berth.Engine.Images;

/// <summary>`image tree IMAGE`: an image's layers, lowest first, each with the images that end in it (Podman's tree).</summary>
public sealed record ImageLayerTree(ImageRecord Image, IReadOnlyList<TreeLayer> Layers)
{
    public static async Task<ImageLayerTree> ReadAsync(ImageStore store, string reference, CancellationToken cancellationToken)
    {
        var image = await store.FindAsync(reference, cancellationToken);
        var manifest = await store.ReadManifestAsync(image, cancellationToken);
        var chain = await ChainOfAsync(store, image, cancellationToken);
        var topOf = new Dictionary<Digest, List<string>>();
        foreach (var other in await store.ListAsync(cancellationToken))
        {
            if ((await ChainOfAsync(store, other, cancellationToken)).LastOrDefault() is var top && chain.Contains(top))
            {
                (topOf.TryGetValue(top, out var names) ? names : topOf[top] = []).AddRange(other.Names.Count > 0 ? other.Names : ["<none>:<none>"]);
            }
        }
        return new ImageLayerTree(image, [.. chain.Select((id, i) => new TreeLayer(id, SizeOf(store, id, manifest.Layers.ElementAtOrDefault(i)), topOf.GetValueOrDefault(id) ?? []))]);
    }

    /// <summary>
    /// The layer's uncompressed size, as Podman shows it; for a snapshot unpacked before its size was recorded, the blob's
    /// size, which is that same size for an uncompressed layer.
    /// </summary>
    private static long SizeOf(ImageStore store, Digest chainId, OciDescriptor? blob) => store.Snapshots.UnpackedSize(chainId) ?? blob?.Size ?? 0;

    private static async Task<IReadOnlyList<Digest>> ChainOfAsync(ImageStore store, ImageRecord image, CancellationToken cancellationToken) =>
        ChainId.All((await store.ReadConfigAsync(image, cancellationToken)).RootFs.DiffIds.Select(Digest.Parse));
}
