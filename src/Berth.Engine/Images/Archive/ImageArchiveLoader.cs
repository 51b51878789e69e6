using System.Text.Json;
using Berth.Engine.Images.Oci;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

namespace Berth.Engine.Images.Archive;

/// <summary>
/// `image load`: reads an OCI archive (image layout in a tar) or a docker-archive (docker/podman save),
/// plain or gzip-compressed, in one pass straight into the blob store (<see cref="ArchiveContents"/>);
/// every blob is checked against its digest and every layer against the config's diff ids before the
/// images are named in the index. An image the store holds already, with the same layers, is only named.
/// </summary>
public sealed class ImageArchiveLoader(ImageStore store)
{
    /// <summary>Loads every image in the archive file; returns the names (or ids, for unnamed images) loaded.</summary>
    public async Task<IReadOnlyList<string>> LoadAsync(string archivePath, CancellationToken cancellationToken)
    {
        if (!File.Exists(archivePath))
        {
            throw new BerthException($"{archivePath}: no such file");
        }
        await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        await using var tar = OpenTar(file, archivePath);
        return await LoadTarAsync(tar, archivePath, cancellationToken);
    }

    /// <summary>
    /// Loads every image in <paramref name="tar"/>, an uncompressed tar stream read once (a request body);
    /// <paramref name="source"/> names it in errors. A stream that is no image archive is an <see cref="InvalidArgumentException"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> LoadTarAsync(Stream tar, string source, CancellationToken cancellationToken)
    {
        using var session = await store.BeginWriteAsync(cancellationToken);
        var contents = await ReadArchiveAsync(tar, source, cancellationToken);
        try
        {
            var images = contents.Contains("index.json") && contents.Contains(OciLayout.FileName)
                ? await new OciLayoutSource(contents).ReadAsync(cancellationToken)
                : contents.Contains("manifest.json")
                    ? await new DockerArchiveSource(contents, store.Blobs).ReadAsync(cancellationToken)
                    : throw new InvalidArgumentException($"Error processing tar file: {source} is not an OCI archive or docker-archive (no index.json or manifest.json)");
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
            throw new BerthException($"{source} is damaged: {ex.Message}");
        }
    }

    private static Stream OpenTar(Stream file, string source)
    {
        try
        {
            return LayerCompression.OpenTar(file);
        }
        catch (Exception ex) when (LayerCompression.IsCorruptArchive(ex))
        {
            throw NotATar(source, ex);
        }
    }

    private async Task<ArchiveContents> ReadArchiveAsync(Stream tar, string source, CancellationToken cancellationToken)
    {
        try
        {
            return await ArchiveContents.ReadAsync(tar, store.Blobs, cancellationToken);
        }
        catch (Exception ex) when (LayerCompression.IsCorruptArchive(ex))
        {
            throw NotATar(source, ex);
        }
    }

    /// <summary>Docker's words for a body that is no tar ("Error processing tar file"), naming the source.</summary>
    private static InvalidArgumentException NotATar(string source, Exception error) =>
        new($"Error processing tar file: {source} is not a tar archive: {error.Message}");

    private async Task<ImageRecord> IngestAsync(ImageWriteSession session, ArchivedImage image, CancellationToken cancellationToken)
    {
        var config = OciImageReader.Read(image.Config) ?? throw new BerthException("image config is empty");
        var diffIds = config.RootFs.DiffIds.Select(Digest.Parse).ToList();
        if (diffIds.Count != image.Layers.Count)
        {
            throw new BerthException($"image config lists {diffIds.Count} layers but the manifest {image.Layers.Count}");
        }
        var configDigest = image.Stored?.Config ?? await store.Blobs.WriteAsync(image.Config, cancellationToken);
        var layers = image.Layers.Select(l => new OciDescriptor
        {
            MediaType = l.MediaType,
            Digest = l.Blob.ToString(),
            Size = new FileInfo(store.Blobs.PathOf(l.Blob)).Length,
        }).ToList();
        var size = await KnownSizeAsync(configDigest, layers, diffIds, cancellationToken) ?? await IngestLayersAsync(session, image, diffIds, cancellationToken);
        var manifestBytes = image.Manifest ?? JsonSerializer.SerializeToUtf8Bytes(new OciManifest
        {
            Config = new OciDescriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest.ToString(), Size = image.Config.Length },
            Layers = layers,
        }, OciJson.Default.OciManifest);
        var manifestDigest = image.Stored?.Manifest ?? await store.Blobs.WriteAsync(manifestBytes, cancellationToken);
        return await session.AddAsync(new ImageRecord
        {
            Id = configDigest.ToString(),
            Manifest = manifestDigest.ToString(),
            Names = [.. image.Names],
            Created = config.Created ?? DateTimeOffset.UtcNow,
            LayersSize = size,
            DataSize = ImageRecord.DataSizeOf(image.Config.Length, manifestBytes.Length),
        }, cancellationToken);
    }

    /// <summary>
    /// The layers' size of the image when the store holds it already with these very layers, whose diff ids were
    /// checked when it was stored and whose snapshots are in place: nothing to read again. Null otherwise.
    /// </summary>
    private async Task<long?> KnownSizeAsync(Digest configDigest, List<OciDescriptor> layers, List<Digest> diffIds, CancellationToken cancellationToken)
    {
        if ((await store.ListAsync(cancellationToken)).FirstOrDefault(i => i.Id == configDigest.ToString()) is not { } known)
        {
            return null;
        }
        var manifest = await store.ReadManifestAsync(known, cancellationToken);
        var same = manifest.Layers.Select(l => l.Digest).SequenceEqual(layers.Select(l => l.Digest));
        return same && ChainId.All(diffIds).All(store.Snapshots.Exists) ? known.LayersSize : null;
    }

    /// <summary>Unpacks each layer whose snapshot is missing and checks every layer against its diff id; returns their size.</summary>
    private async Task<long> IngestLayersAsync(ImageWriteSession session, ArchivedImage image, List<Digest> diffIds, CancellationToken cancellationToken)
    {
        Digest? parent = null;
        long size = 0;
        for (var i = 0; i < image.Layers.Count; i++)
        {
            var digest = image.Layers[i].Blob;
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
        }
        return size;
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
