using System.Security.Cryptography;
using System.Text;
using Berth.Engine.Images;
using Berth.Engine.Store;

namespace Berth.Engine.Build;

/// <summary>
/// The layer cache, after Buildah's: every build step's result is an ordinary image in the store
/// (untagged unless it ends a build), whose manifest carries the step's key in an annotation. The
/// key covers the parent image, the instruction as written, the build args in scope and, for
/// COPY/ADD, the digest of what is copied; so a step is reused exactly when all of those are
/// unchanged. Pruning dangling images drops the cache, as in Podman.
/// </summary>
internal sealed class BuildCache
{
    public const string KeyAnnotation = "io.berth.build.cache-key";

    private readonly Dictionary<string, ImageRecord> _byKey;

    private BuildCache(Dictionary<string, ImageRecord> byKey) => _byKey = byKey;

    public static async Task<BuildCache> LoadAsync(ImageStore store, CancellationToken cancellationToken)
    {
        var byKey = new Dictionary<string, ImageRecord>(StringComparer.Ordinal);
        foreach (var image in (await store.ListAsync(cancellationToken)).OrderBy(i => i.Created))
        {
            var manifest = await store.ReadManifestAsync(image, cancellationToken);
            if (manifest.Annotations?.TryGetValue(KeyAnnotation, out var key) == true)
            {
                byKey[key] = image;
            }
        }
        return new BuildCache(byKey);
    }

    public ImageRecord? Find(string key) => _byKey.GetValueOrDefault(key);

    public void Add(string key, ImageRecord image) => _byKey[key] = image;

    /// <param name="parentId">The image the step starts from; null from scratch.</param>
    /// <param name="contentDigest">What COPY/ADD copies (<see cref="SourceDigest"/>); null for other steps.</param>
    public static string Key(string? parentId, ContainerfileInstruction instruction, IReadOnlyDictionary<string, string> args, Digest? contentDigest)
    {
        var text = new StringBuilder()
            .Append("parent ").Append(parentId ?? "scratch").Append('\n')
            .Append("step ").Append(instruction.Text).Append('\n');
        foreach (var (name, value) in args.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            text.Append("arg ").Append(name).Append('=').Append(value).Append('\n');
        }
        text.Append("content ").Append(contentDigest?.Hex ?? "-").Append('\n');
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
