using System.Formats.Tar;
using System.Text.Json;
using Berth.Engine.Images.Oci;
using Berth.Engine.Store;

namespace Berth.Engine.Images.Archive;

/// <summary>
/// `image save`: an OCI image layout in a tar (image-spec §image-layout: oci-layout, index.json,
/// blobs/sha256) whose index names each manifest with org.opencontainers.image.ref.name, plus a
/// docker-archive manifest.json over the same blobs, so both OCI tools and `docker load`-style
/// readers (podman load takes either) find the images and their names.
/// </summary>
public sealed class ImageArchiveWriter(ImageStore store)
{
    private const string ContainerdNameAnnotation = "io.containerd.image.name";

    /// <summary>Writes the archive to a file, whole or not at all.</summary>
    public async Task SaveAsync(IReadOnlyList<string> references, string outputPath, CancellationToken cancellationToken)
    {
        var temp = AtomicFile.TempPathBeside(Path.GetFullPath(outputPath));
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                await SaveAsync(references, file, cancellationToken);
            }
            File.Move(temp, outputPath, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Streams the archive to <paramref name="output"/> (left open), blob by blob, with nothing staged on disk.</summary>
    public async Task SaveAsync(IReadOnlyList<string> references, Stream output, CancellationToken cancellationToken)
    {
        var images = new List<(ImageRecord Image, OciManifest Manifest, IReadOnlyList<string> Names)>();
        foreach (var reference in references)
        {
            var image = await store.FindAsync(reference, cancellationToken);
            var names = NamesToSave(reference, image);
            images.Add((image, await store.ReadManifestAsync(image, cancellationToken), names));
        }
        var index = new OciIndex
        {
            Manifests = images.SelectMany(i => i.Names.DefaultIfEmpty().Select(name => new OciDescriptor
            {
                MediaType = i.Manifest.MediaType ?? MediaTypes.OciManifest,
                Digest = i.Image.Manifest,
                Size = new FileInfo(store.Blobs.PathOf(Digest.Parse(i.Image.Manifest))).Length,
                Annotations = name is null ? null : new() { [OciIndex.RefNameAnnotation] = name, [ContainerdNameAnnotation] = name },
            })).ToList(),
        };
        var dockerManifest = images.Select(i => new DockerArchiveEntry
        {
            Config = BlobEntryName(i.Image.Id),
            RepoTags = [.. i.Names],
            Layers = i.Manifest.Layers.Select(l => BlobEntryName(l.Digest)).ToList(),
        }).ToList();
        var blobs = images
            .SelectMany(i => new[] { i.Image.Manifest, i.Image.Id }.Concat(i.Manifest.Layers.Select(l => l.Digest)))
            .Distinct()
            .Select(Digest.Parse)
            .ToList();

        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await WriteJsonAsync(tar, OciLayout.FileName, JsonSerializer.SerializeToUtf8Bytes(new OciLayout(), OciJson.Default.OciLayout), cancellationToken);
        await WriteDirectoryAsync(tar, "blobs/", cancellationToken);
        await WriteDirectoryAsync(tar, "blobs/sha256/", cancellationToken);
        foreach (var blob in blobs)
        {
            await tar.WriteEntryAsync(store.Blobs.PathOf(blob), BlobEntryName(blob.ToString()), cancellationToken);
        }
        await WriteJsonAsync(tar, "index.json", JsonSerializer.SerializeToUtf8Bytes(index, OciJson.Default.OciIndex), cancellationToken);
        await WriteJsonAsync(tar, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(dockerManifest, OciJson.Default.ListDockerArchiveEntry), cancellationToken);
    }

    /// <summary>The name given when it is one of the image's; all its names when saved by id.</summary>
    private static IReadOnlyList<string> NamesToSave(string reference, ImageRecord image)
    {
        if (ImageReference.TryParse(reference, out var parsed, out _) && image.Names.FirstOrDefault(parsed.Matches) is { } name)
        {
            return [name];
        }
        return image.Names;
    }

    private static string BlobEntryName(string digest) => $"blobs/sha256/{Digest.Parse(digest).Hex}";

    private static async Task WriteDirectoryAsync(TarWriter tar, string name, CancellationToken cancellationToken) =>
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0x1ED, ModificationTime = DateTimeOffset.UtcNow }, cancellationToken);

    private static async Task WriteJsonAsync(TarWriter tar, string name, byte[] json, CancellationToken cancellationToken) =>
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = (UnixFileMode)0x1A4,
            ModificationTime = DateTimeOffset.UtcNow,
            DataStream = new MemoryStream(json),
        }, cancellationToken);
}
