using System.Text.Json;
using Berth.Engine.Images.Oci;
using Berth.Engine.Store;

namespace Berth.Engine.Images.Archive;

/// <summary>
/// Reads the images of an OCI image layout (image-spec §image-layout) from an archive's contents. Nested indexes are
/// followed to their linux/amd64 manifest; names come from the ref.name annotation (or containerd's
/// image.name), made fully qualified.
/// </summary>
public sealed class OciLayoutSource(ArchiveContents contents)
{
    private const string ContainerdNameAnnotation = "io.containerd.image.name";

    public async Task<IReadOnlyList<ArchivedImage>> ReadAsync(CancellationToken cancellationToken)
    {
        var index = JsonSerializer.Deserialize(await contents.ReadAsync("index.json", cancellationToken), OciJson.Default.OciIndex)
            ?? throw new BerthException("index.json is empty");
        var byManifest = new Dictionary<Digest, (byte[] Manifest, List<string> Names)>();
        foreach (var descriptor in index.Manifests)
        {
            var (digest, manifest) = await PickManifestAsync(descriptor, cancellationToken);
            if (!byManifest.TryGetValue(digest, out var entry))
            {
                entry = (manifest, []);
                byManifest[digest] = entry;
            }
            if (NameOf(descriptor) is { } name && !entry.Names.Contains(name))
            {
                entry.Names.Add(name);
            }
        }
        var images = new List<ArchivedImage>();
        foreach (var (manifestDigest, (manifestBytes, names)) in byManifest)
        {
            var manifest = JsonSerializer.Deserialize(manifestBytes, OciJson.Default.OciManifest) ?? throw new BerthException("manifest is empty");
            var configDigest = Digest.Parse(manifest.Config.Digest);
            var config = await contents.ReadBlobAsync(configDigest, cancellationToken);
            var layers = manifest.Layers.Select(l => (contents.Blob(Digest.Parse(l.Digest)), l.MediaType)).ToList();
            images.Add(new ArchivedImage(config, manifestBytes, layers, names, (configDigest, manifestDigest)));
        }
        return images;
    }

    /// <summary>The image manifest a descriptor leads to: itself, or the linux/amd64 entry of the index it names.</summary>
    private async Task<(Digest Digest, byte[] Manifest)> PickManifestAsync(OciDescriptor descriptor, CancellationToken cancellationToken)
    {
        var digest = Digest.Parse(descriptor.Digest);
        var bytes = await contents.ReadBlobAsync(digest, cancellationToken);
        if (descriptor.MediaType is not (MediaTypes.OciIndex or MediaTypes.DockerManifestList))
        {
            return (digest, bytes);
        }
        var nested = JsonSerializer.Deserialize(bytes, OciJson.Default.OciIndex) ?? throw new BerthException("nested index is empty");
        var chosen = nested.Manifests.FirstOrDefault(m => m.Platform is { Os: "linux", Architecture: "amd64" })
            ?? nested.Manifests.FirstOrDefault()
            ?? throw new BerthException("nested index has no manifests");
        return await PickManifestAsync(chosen, cancellationToken);
    }

    private static string? NameOf(OciDescriptor descriptor)
    {
        var annotations = descriptor.Annotations ?? [];
        var name = annotations.GetValueOrDefault(ContainerdNameAnnotation) ?? annotations.GetValueOrDefault(OciIndex.RefNameAnnotation);
        // A bare tag ("latest"), as plain OCI layouts use, names no repository.
        return name is not null && name.Contains('/') && ImageReference.TryParse(name, out var reference, out _) ? reference.FullName : null;
    }
}
