using System.Text.Json;
using Berth.Engine.Images;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

namespace Berth.Engine.Space;

/// <summary>
/// Marks what the roots reach (the mark half of a mark-and-sweep collector). Roots are the images in
/// the index and the image ids containers were created from. An image reaches its manifest; a
/// manifest its config and layers, or, for an index (OCI index, Docker manifest list), every
/// manifest it lists; a config reaches the snapshots of its layer chain (one per diff-id prefix).
/// A blob that is missing or not JSON reaches nothing further: the walk never fails on a damaged store.
/// </summary>
public sealed class ReachabilityWalk(BlobStore blobs)
{
    /// <summary>An index nested deeper than this is treated as malformed (and a cycle cannot loop forever).</summary>
    private const int MaxDepth = 8;

    public async Task<ReachableContent> WalkAsync(IEnumerable<ImageRecord> images, IEnumerable<string> containerImageIds, CancellationToken cancellationToken)
    {
        var reached = new HashSet<Digest>();
        var snapshots = new HashSet<Digest>();
        foreach (var image in images)
        {
            if (Digest.TryParse(image.Manifest, out var manifest))
            {
                await MarkManifestAsync(manifest, reached, snapshots, 0, cancellationToken);
            }
            await MarkConfigAsync(image.Id, reached, snapshots, cancellationToken);
        }
        foreach (var imageId in containerImageIds)
        {
            await MarkConfigAsync(imageId, reached, snapshots, cancellationToken);
        }
        return new ReachableContent(reached, snapshots);
    }

    private async Task MarkManifestAsync(Digest digest, HashSet<Digest> reached, HashSet<Digest> snapshots, int depth, CancellationToken cancellationToken)
    {
        if (!reached.Add(digest) || depth > MaxDepth)
        {
            return;
        }
        using var document = await ReadJsonAsync(digest, cancellationToken);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
        {
            return;
        }
        foreach (var child in Descriptors(root, "manifests"))
        {
            await MarkManifestAsync(child, reached, snapshots, depth + 1, cancellationToken);
        }
        if (root.TryGetProperty("config", out var config) && DigestOf(config) is { } configDigest)
        {
            await MarkConfigAsync(configDigest.ToString(), reached, snapshots, cancellationToken);
        }
        reached.UnionWith(Descriptors(root, "layers"));
    }

    private async Task MarkConfigAsync(string imageId, HashSet<Digest> reached, HashSet<Digest> snapshots, CancellationToken cancellationToken)
    {
        if (!Digest.TryParse(imageId, out var digest) || !reached.Add(digest))
        {
            return;
        }
        using var document = await ReadJsonAsync(digest, cancellationToken);
        if (document?.RootElement is { ValueKind: JsonValueKind.Object } root
            && root.TryGetProperty("rootfs", out var rootfs) && rootfs.ValueKind == JsonValueKind.Object
            && rootfs.TryGetProperty("diff_ids", out var diffIds) && diffIds.ValueKind == JsonValueKind.Array)
        {
            var parsed = diffIds.EnumerateArray().Select(d => Digest.TryParse(d.ValueKind == JsonValueKind.String ? d.GetString() : null, out var id) ? id : (Digest?)null).ToList();
            // A chain id depends on every layer below it: past an invalid diff id nothing is named.
            snapshots.UnionWith(ChainId.All(parsed.TakeWhile(d => d is not null).Select(d => d!.Value)));
        }
    }

    private async Task<JsonDocument?> ReadJsonAsync(Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = File.OpenRead(blobs.PathOf(digest));
            return await JsonDocument.ParseAsync(file, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<Digest> Descriptors(JsonElement root, string property) =>
        root.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(DigestOf).OfType<Digest>()
            : [];

    private static Digest? DigestOf(JsonElement descriptor) =>
        descriptor.ValueKind == JsonValueKind.Object
        && descriptor.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.String
        && Digest.TryParse(digest.GetString(), out var parsed)
            ? parsed
            : null;
}
