using System.Formats.Tar;
using System.Text.Json;
using Berth.Engine.Images.Oci;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

namespace Berth.Engine.Images.Archive;

/// <summary>
/// `image load`: reads an OCI archive (image layout in a tar) or a docker-archive (docker/podman save),
/// plain or gzip-compressed. The archive is unpacked in tmp/, every blob is checked against its digest
/// and every layer against the config's diff ids before the images are named in the index.
/// </summary>
public sealed class ImageArchiveLoader(ImageStore store)
{
    /// <summary>Loads every image in the archive; returns the names (or ids, for unnamed images) loaded.</summary>
    public async Task<IReadOnlyList<string>> LoadAsync(string archivePath, CancellationToken cancellationToken)
    {
        if (!File.Exists(archivePath))
        {
            throw new BerthException($"{archivePath}: no such file");
        }
        using var session = await store.BeginWriteAsync(cancellationToken);
        var dir = store.Layout.NewTempPath("load");
        try
        {
            await ExtractAsync(archivePath, dir, cancellationToken);
            var images = File.Exists(Path.Combine(dir, "index.json")) && File.Exists(Path.Combine(dir, OciLayout.FileName))
                ? await new OciLayoutSource(dir).ReadAsync(cancellationToken)
                : File.Exists(Path.Combine(dir, "manifest.json"))
                    ? await new DockerArchiveSource(dir).ReadAsync(cancellationToken)
                    : throw new BerthException($"{archivePath}: not an OCI archive or docker-archive (no index.json or manifest.json)");
            var loaded = new List<string>();
            foreach (var image in images)
            {
                var record = await IngestAsync(session, image, cancellationToken);
                loaded.AddRange(record.Names.Count > 0 ? image.Names : [record.Id]);
            }
            return loaded;
        }
        catch (Exception ex) when (LayerCompression.IsCorruptArchive(ex) || ex is JsonException)
        {
            throw new BerthException($"{archivePath} is damaged: {ex.Message}");
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static async Task ExtractAsync(string archivePath, string dir, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dir);
        try
        {
            await using var file = File.OpenRead(archivePath);
            await using var tar = LayerCompression.OpenTar(file);
            await TarFile.ExtractToDirectoryAsync(tar, dir, overwriteFiles: true, cancellationToken);
        }
        catch (Exception ex) when (LayerCompression.IsCorruptArchive(ex))
        {
            throw new BerthException($"{archivePath} is not a tar archive: {ex.Message}");
        }
    }

    private async Task<ImageRecord> IngestAsync(ImageWriteSession session, ArchivedImage image, CancellationToken cancellationToken)
    {
        var config = JsonSerializer.Deserialize(image.Config, OciJson.Default.OciImage) ?? throw new BerthException("image config is empty");
        var diffIds = config.RootFs.DiffIds.Select(Digest.Parse).ToList();
        if (diffIds.Count != image.Layers.Count)
        {
            throw new BerthException($"image config lists {diffIds.Count} layers but the manifest {image.Layers.Count}");
        }
        var configDigest = await store.Blobs.WriteAsync(image.Config, cancellationToken);
        Digest? parent = null;
        long size = 0;
        var layers = new List<OciDescriptor>();
        for (var i = 0; i < image.Layers.Count; i++)
        {
            var (path, mediaType) = image.Layers[i];
            Digest digest;
            await using (var source = File.OpenRead(path))
            await using (var pending = store.Blobs.Begin())
            {
                await source.CopyToAsync(pending.Stream, cancellationToken);
                (digest, _) = await pending.CommitAsync(cancellationToken);
            }
            var expected = image.LayerDigests?[i];
            if (expected is { } wanted && wanted != digest)
            {
                throw new BerthException($"layer {wanted} does not match its digest (got {digest})");
            }
            var chainId = ChainId.Next(parent, diffIds[i]);
            var (diffId, diffSize) = store.Snapshots.Exists(chainId)
                ? await MeasureAsync(digest, cancellationToken)
                : await UnpackAsync(session, digest, parent, cancellationToken);
            if (diffId != diffIds[i])
            {
                throw new BerthException($"layer {digest} does not match the config's diff id {diffIds[i]}");
            }
            size += diffSize;
            parent = chainId;
            layers.Add(new OciDescriptor { MediaType = mediaType, Digest = digest.ToString(), Size = new FileInfo(path).Length });
        }
        var manifestBytes = image.Manifest ?? JsonSerializer.SerializeToUtf8Bytes(new OciManifest
        {
            Config = new OciDescriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest.ToString(), Size = image.Config.Length },
            Layers = layers,
        }, OciJson.Default.OciManifest);
        var manifestDigest = await store.Blobs.WriteAsync(manifestBytes, cancellationToken);
        return await session.AddAsync(new ImageRecord
        {
            Id = configDigest.ToString(),
            Manifest = manifestDigest.ToString(),
            Names = [.. image.Names],
            Created = config.Created ?? DateTimeOffset.UtcNow,
            Size = size,
        }, cancellationToken);
    }

    /// <summary>Unpacks a layer; one that does not match its diff id stays unreferenced, for the next collection.</summary>
    private static async Task<(Digest, long)> UnpackAsync(ImageWriteSession session, Digest blob, Digest? parent, CancellationToken cancellationToken)
    {
        var snapshot = await session.UnpackLayerBlobAsync(blob, parent, cancellationToken);
        return (snapshot.DiffId, snapshot.Size);
    }

    /// <summary>The diff id and size of a layer whose snapshot already exists.</summary>
    private async Task<(Digest, long)> MeasureAsync(Digest blob, CancellationToken cancellationToken)
    {
        await using var file = store.Blobs.OpenRead(blob);
        await using var tar = LayerCompression.OpenTar(file);
        await using var hashing = new HashingStream(tar);
        await hashing.CopyToAsync(Stream.Null, cancellationToken);
        return (hashing.Digest, hashing.BytesHashed);
    }
}
