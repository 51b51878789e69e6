using System.Text.Json;
using Berth.Engine.Images.Oci;
using Berth.Engine.Snapshots;

namespace Berth.Engine.Images.Archive;

/// <summary>
/// Reads the images of an unpacked docker-archive (`docker save` / `podman save` format): manifest.json
/// lists each image's config file, layer files and RepoTags. Short RepoTags mean Docker Hub, as in Docker.
/// </summary>
public sealed class DockerArchiveSource(string dir)
{
    public async Task<IReadOnlyList<ArchivedImage>> ReadAsync(CancellationToken cancellationToken)
    {
        var entries = JsonSerializer.Deserialize(await File.ReadAllBytesAsync(Path.Combine(dir, "manifest.json"), cancellationToken), OciJson.Default.ListDockerArchiveEntry)
            ?? throw new BerthException("manifest.json is empty");
        var images = new List<ArchivedImage>();
        foreach (var entry in entries)
        {
            var config = await File.ReadAllBytesAsync(Inside(entry.Config), cancellationToken);
            var layers = entry.Layers.Select(l => (Inside(l), MediaTypeOf(Inside(l)))).ToList();
            var names = (entry.RepoTags ?? []).Select(DockerName).ToList();
            images.Add(new ArchivedImage(config, null, layers, null, names));
        }
        return images;
    }

    /// <summary>A path of the archive, refused when it points outside (manifest.json is untrusted input).</summary>
    private string Inside(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(dir, LayerPath.Normalize(relative)));
        return File.Exists(path) ? path : throw new BerthException($"archive lacks {relative}");
    }

    private static string MediaTypeOf(string path)
    {
        using var file = File.OpenRead(path);
        return file.ReadByte() == 0x1f && file.ReadByte() == 0x8b ? MediaTypes.OciLayerGzip : MediaTypes.OciLayer;
    }

    /// <summary>"alpine:3" → "docker.io/library/alpine:3"; names with a domain stay as they are.</summary>
    private static string DockerName(string repoTag)
    {
        var reference = ImageReference.Parse(repoTag);
        return reference.Domain is null ? ImageReference.Parse($"docker.io/{repoTag}").FullName : reference.FullName;
    }
}
