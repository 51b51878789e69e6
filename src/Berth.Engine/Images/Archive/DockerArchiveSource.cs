using System.Text.Json;
using Berth.Engine.Images.Oci;
using Berth.Engine.Store;

namespace Berth.Engine.Images.Archive;

/// <summary>
/// Reads the images of a docker-archive (`docker save` / `podman save` format) from an archive's contents:
/// manifest.json lists each image's config file, layer files and RepoTags. Short RepoTags mean Docker Hub, as in Docker.
/// </summary>
public sealed class DockerArchiveSource(ArchiveContents contents, BlobStore blobs)
{
    public async Task<IReadOnlyList<ArchivedImage>> ReadAsync(CancellationToken cancellationToken)
    {
        var entries = JsonSerializer.Deserialize(await contents.ReadAsync("manifest.json", cancellationToken), OciJson.Default.ListDockerArchiveEntry)
            ?? throw new BerthException("manifest.json is empty");
        var images = new List<ArchivedImage>();
        foreach (var entry in entries)
        {
            var config = await contents.ReadAsync(entry.Config, cancellationToken);
            var layers = new List<(Digest, string)>();
            foreach (var layer in entry.Layers)
            {
                var blob = await contents.StoreAsync(layer, cancellationToken);
                layers.Add((blob, MediaTypeOf(blob)));
            }
            var names = (entry.RepoTags ?? []).Select(DockerName).ToList();
            images.Add(new ArchivedImage(config, null, layers, names));
        }
        return images;
    }

    private string MediaTypeOf(Digest blob)
    {
        using var file = blobs.OpenRead(blob);
        return file.ReadByte() == 0x1f && file.ReadByte() == 0x8b ? MediaTypes.OciLayerGzip : MediaTypes.OciLayer;
    }

    /// <summary>"alpine:3" → "docker.io/library/alpine:3"; names with a domain stay as they are.</summary>
    private static string DockerName(string repoTag)
    {
        var reference = ImageReference.Parse(repoTag);
        return reference.Domain is null ? ImageReference.Parse($"docker.io/{repoTag}").FullName : reference.FullName;
    }
}
