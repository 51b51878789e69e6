using System.Text.Json;
using Berth.Engine.Images;
using Berth.Engine.Images.Oci;
using Berth.Engine.Progress;
using Berth.Engine.Snapshots;
using Berth.Engine.Store;

namespace Berth.Engine.Registry;

/// <summary>
/// `image pull`: resolves the reference to one image manifest (choosing the platform in an index),
/// fetches the config and the missing layers concurrently, each verified against its digest before it
/// is stored, unpacks each layer as soon as it has arrived, and names the image last. A failed pull
/// keeps the blobs it finished (content-addressed and verified), so the next one fetches only the rest.
/// </summary>
public sealed class ImagePuller(ImageStore store, RegistryConnector connector, ITransferProgress progress)
{
    /// <summary>How many blobs are fetched at once.</summary>
    public int Concurrency { get; init; } = 4;

    public async Task<ImageRecord> PullAsync(RegistryReference reference, PlatformSpec platform, CancellationToken cancellationToken)
    {
        using var client = connector.Open(reference, push: false);
        await client.PingAsync(cancellationToken);
        var top = await client.GetManifestAsync(reference.ManifestReference, cancellationToken);
        var fetched = ManifestReader.IsIndex(top)
            ? await client.GetManifestAsync(ManifestReader.SelectPlatform(top, platform).ToString(), cancellationToken)
            : top;
        var manifest = ManifestReader.ReadImageManifest(fetched);

        using var session = await store.BeginWriteAsync(cancellationToken);
        var configDigest = Digest.Parse(manifest.Config.Digest);
        await FetchBlobAsync(client, manifest.Config, BlobKind.Config, cancellationToken);
        var config = ReadConfig(configDigest, await store.Blobs.ReadAllBytesAsync(configDigest, cancellationToken));
        var diffIds = config.RootFs.DiffIds.Select(Digest.Parse).ToList();
        if (diffIds.Count != manifest.Layers.Count)
        {
            throw new BerthException($"image config lists {diffIds.Count} layers but the manifest {manifest.Layers.Count}");
        }
        var chainIds = ChainId.All(diffIds);
        using var slots = new SemaphoreSlim(Concurrency);
        var layers = manifest.Layers.Select((layer, i) =>
            PullLayerAsync(session, client, slots, layer, diffIds[i], i == 0 ? null : chainIds[i - 1], cancellationToken)).ToList();
        // Every layer runs to its end, so blobs that did arrive are kept for the next pull.
        try
        {
            await Task.WhenAll(layers);
        }
        catch
        {
            throw layers.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is BerthException)
                ?? layers.First(t => t.IsFaulted || t.IsCanceled).Exception?.InnerException
                ?? new OperationCanceledException(cancellationToken);
        }
        await store.Blobs.WriteAsync(fetched.Bytes, cancellationToken);
        progress.ManifestWritten(fetched.Digest);
        return await session.AddAsync(new ImageRecord
        {
            Id = configDigest.ToString(),
            Manifest = fetched.Digest.ToString(),
            Names = reference.Tag is null ? [] : [reference.Name],
            Created = config.Created ?? DateTimeOffset.UtcNow,
            Size = layers.Sum(t => t.Result),
        }, cancellationToken);
    }

    /// <summary>Fetches and unpacks one layer; returns its uncompressed size.</summary>
    private async Task<long> PullLayerAsync(ImageWriteSession session, RegistryClient client, SemaphoreSlim slots, OciDescriptor layer,
        Digest diffId, Digest? parent, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            await FetchBlobAsync(client, layer, BlobKind.Layer, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
        var blob = Digest.Parse(layer.Digest);
        var chainId = ChainId.Next(parent, diffId);
        try
        {
            if (store.Snapshots.Exists(chainId))
            {
                return await MeasureAsync(blob, cancellationToken);
            }
            var snapshot = await session.UnpackLayerBlobAsync(blob, parent, cancellationToken);
            return snapshot.DiffId == diffId
                ? snapshot.Size
                : throw new BerthException($"layer {blob} does not match the config's diff id {diffId} (got {snapshot.DiffId})");
        }
        catch (Exception ex) when (LayerCompression.IsCorruptArchive(ex))
        {
            throw new BerthException($"layer {blob} is not a valid tar archive: {ex.Message}");
        }
    }

    /// <summary>Downloads a blob unless the store has it; what arrives is stored only if its digest matches.</summary>
    private async Task FetchBlobAsync(RegistryClient client, OciDescriptor descriptor, BlobKind kind, CancellationToken cancellationToken)
    {
        var digest = Digest.Parse(descriptor.Digest);
        var blob = new BlobTransfer(digest, kind, descriptor.Size);
        progress.BlobStarted(blob);
        if (store.Blobs.Exists(digest))
        {
            progress.BlobFinished(blob, BlobOutcome.Skipped);
            return;
        }
        await using var pending = store.Blobs.Begin();
        await client.DownloadBlobAsync(digest, descriptor.Size, pending.Stream, bytes => progress.BlobAdvanced(blob, bytes), cancellationToken);
        var (actual, _) = await pending.CommitAsync(cancellationToken, digest);
        if (actual != digest)
        {
            throw new BerthException($"fetching blob {digest}: digest mismatch: the registry sent content with digest {actual}");
        }
        progress.BlobFinished(blob, BlobOutcome.Copied);
    }

    private static OciImage ReadConfig(Digest digest, byte[] bytes)
    {
        try
        {
            var config = JsonSerializer.Deserialize(bytes, OciJson.Default.OciImage) ?? throw new BerthException($"image config {digest} is empty");
            return config.RootFs.DiffIds.All(d => Digest.TryParse(d, out _))
                ? config
                : throw new BerthException($"image config {digest} has an invalid diff id");
        }
        catch (JsonException ex)
        {
            throw new BerthException($"image config {digest} is malformed: {ex.Message}");
        }
    }

    /// <summary>The uncompressed size of a layer whose snapshot already exists.</summary>
    private async Task<long> MeasureAsync(Digest blob, CancellationToken cancellationToken)
    {
        await using var file = store.Blobs.OpenRead(blob);
        await using var tar = LayerCompression.OpenTar(file);
        var buffer = new byte[1 << 16];
        long size = 0;
        int read;
        while ((read = await tar.ReadAsync(buffer, cancellationToken)) > 0)
        {
            size += read;
        }
        return size;
    }
}
