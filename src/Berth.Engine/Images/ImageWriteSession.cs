using System.IO.Compression;
using System.Text.Json;
using Berth.Engine.Images.Oci;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

namespace Berth.Engine.Images;

/// <summary>
/// Changes to the store, made while holding its lock. Blobs and snapshots are written first and the
/// index last, so an image becomes visible only once everything it needs is in place; a process
/// killed midway leaves unreferenced blobs and snapshots, never a half image.
/// </summary>
public sealed class ImageWriteSession : IDisposable
{
    private readonly ImageStore _store;
    private readonly ImageIndex _index;
    private readonly FileLock _lock;

    internal ImageWriteSession(ImageStore store, ImageIndex index, FileLock storeLock)
    {
        _store = store;
        _index = index;
        _lock = storeLock;
    }

    public ImageStore Store => _store;

    /// <summary>
    /// Stores an uncompressed layer tar: unpacked as a snapshot on <paramref name="parent"/> and gzip-compressed
    /// as a blob, both passes at once on their own threads. <paramref name="openTar"/> is called twice, once
    /// per pass, before either starts. A pass that fails leaves what the other stored unreferenced, for the next collection.
    /// </summary>
    public async Task<IngestedLayer> AddLayerAsync(Func<Stream> openTar, Digest? parent, CancellationToken cancellationToken)
    {
        await using var unpackSource = openTar();
        await using var compressSource = openTar();
        var unpacking = Task.Run(() => _store.Snapshots.CreateAsync(parent, unpackSource, cancellationToken), cancellationToken);
        var compressing = Task.Run(() => CompressAsync(compressSource, cancellationToken), cancellationToken);
        await Task.WhenAll(unpacking, compressing);
        return new IngestedLayer(await compressing, await unpacking);
    }

    /// <summary>
    /// Stores a layer tar as it is, uncompressed, as Podman stores an imported layer: one pass over <paramref name="tar"/>
    /// unpacks the snapshot on <paramref name="parent"/> and writes the blob, whose digest is then the layer's diff id.
    /// Compressing is left to whoever needs it; registries and image archives take plain tar layers.
    /// </summary>
    public async Task<IngestedLayer> AddUncompressedLayerAsync(Stream tar, Digest? parent, CancellationToken cancellationToken)
    {
        await using var pending = _store.Blobs.Begin();
        await using var tee = new TeeReadStream(tar, pending.Stream);
        var snapshot = await _store.Snapshots.CreateAsync(parent, tee, cancellationToken);
        var (digest, size) = await pending.CommitAsync(cancellationToken);
        return new IngestedLayer(new OciDescriptor { MediaType = MediaTypes.OciLayer, Digest = digest.ToString(), Size = size }, snapshot);
    }

    private async Task<OciDescriptor> CompressAsync(Stream tar, CancellationToken cancellationToken)
    {
        await using var pending = _store.Blobs.Begin();
        await using (var gzip = new GZipStream(pending.Stream, CompressionLevel.Fastest, leaveOpen: true))
        {
            await tar.CopyToAsync(gzip, cancellationToken);
        }
        var (digest, size) = await pending.CommitAsync(cancellationToken);
        return new OciDescriptor { MediaType = MediaTypes.OciLayerGzip, Digest = digest.ToString(), Size = size };
    }

    /// <summary>Unpacks a layer blob already in the store (gzip or plain tar) as a snapshot on <paramref name="parent"/>.</summary>
    public async Task<LayerSnapshot> UnpackLayerBlobAsync(Digest blob, Digest? parent, CancellationToken cancellationToken)
    {
        await using var file = _store.Blobs.OpenRead(blob);
        await using var tar = LayerCompression.OpenTar(file);
        return await _store.Snapshots.CreateAsync(parent, tar, cancellationToken);
    }

    /// <summary>
    /// Writes the config and an OCI manifest for <paramref name="layers"/> (blobs already stored), then
    /// names the image. <paramref name="size"/> is the layers' uncompressed size; <paramref name="annotations"/>
    /// go into the manifest (the build cache keeps its key there).
    /// </summary>
    public async Task<ImageRecord> CommitAsync(OciImage config, IReadOnlyList<OciDescriptor> layers, long size, IReadOnlyList<string> names,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, OciJson.Default.OciImage);
        var configDigest = await _store.Blobs.WriteAsync(configBytes, cancellationToken);
        var manifest = new OciManifest
        {
            Config = new OciDescriptor { MediaType = MediaTypes.OciConfig, Digest = configDigest.ToString(), Size = configBytes.Length },
            Layers = [.. layers],
            Annotations = annotations is null ? null : new(annotations),
        };
        var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJson.Default.OciManifest);
        var manifestDigest = await _store.Blobs.WriteAsync(manifestBytes, cancellationToken);
        return await AddAsync(new ImageRecord
        {
            Id = configDigest.ToString(),
            Manifest = manifestDigest.ToString(),
            Names = [.. names],
            Created = config.Created ?? DateTimeOffset.UtcNow,
            LayersSize = size,
            DataSize = ImageRecord.DataSizeOf(configBytes.Length, manifestBytes.Length),
        }, cancellationToken);
    }

    /// <summary>
    /// Adds an image whose blobs and snapshots are in place. Its names move to it from any other image
    /// (which stays, dangling, as in Podman); an image already present gains the names and digests.
    /// An image present with all of them already (a repeated load) leaves the index as it is, unwritten.
    /// </summary>
    public async Task<ImageRecord> AddAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        var document = _index.Load();
        if (document.Images.FirstOrDefault(i => i.Id == image.Id) is { } present && HoldsAlready(document, present, image))
        {
            return present;
        }
        var images = document.Images
            .Select(i => i with { Names = i.Names.Except(image.Names).ToList() })
            .ToList();
        var existing = images.FindIndex(i => i.Id == image.Id);
        var added = existing >= 0
            ? images[existing] with { Names = [.. images[existing].Names, .. image.Names], Digests = [.. images[existing].Digests.Union(image.Digests)] }
            : image;
        if (existing >= 0)
        {
            images[existing] = added;
        }
        else
        {
            images.Add(added);
        }
        await _index.SaveAsync(new ImageIndexDocument { Images = images }, cancellationToken);
        return added;
    }

    /// <summary>Whether <paramref name="present"/> has every name and digest of <paramref name="image"/> and no other image has one of those names.</summary>
    private static bool HoldsAlready(ImageIndexDocument document, ImageRecord present, ImageRecord image) =>
        image.Names.All(present.Names.Contains) && image.Digests.All(present.Digests.Contains) &&
        document.Images.All(other => ReferenceEquals(other, present) || !other.Names.Intersect(image.Names).Any());

    /// <summary>Replaces the index with <paramref name="change"/> applied to its images.</summary>
    public async Task UpdateIndexAsync(Func<List<ImageRecord>, List<ImageRecord>> change, CancellationToken cancellationToken)
    {
        var document = _index.Load();
        await _index.SaveAsync(new ImageIndexDocument { Images = change(document.Images) }, cancellationToken);
    }

    public void Dispose() => _lock.Dispose();
}
