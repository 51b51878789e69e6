using System.Buffers;
using System.IO.Pipelines;
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
/// is stored, unpacks each layer while it arrives, and names the image last. A failed pull keeps the
/// blobs it finished (content-addressed and verified) and the bytes of those it had begun, so the
/// next one fetches only the rest.
/// </summary>
public sealed class ImagePuller(ImageStore store, RegistryConnector connector, ITransferProgress progress)
{
    /// <summary>How much of a layer may wait in memory between the download and the unpacker.</summary>
    private static readonly PipeOptions UnpackPipe = new(pauseWriterThreshold: 8 << 20, resumeWriterThreshold: 4 << 20, useSynchronizationContext: false);

    private readonly BlobFetcher _fetcher = new(store.Layout, progress);

    /// <summary>How many blobs are fetched at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>The first of the pull's endpoints that serves the manifest, with it; a dead or empty mirror falls through to the next, and the last one's error is the pull's.</summary>
    private async Task<(RegistryClient Client, FetchedManifest Top)> ConnectAsync(RegistryReference reference, CancellationToken cancellationToken)
    {
        BerthException? failure = null;
        foreach (var client in connector.OpenPulls(reference))
        {
            try
            {
                await client.PingAsync(cancellationToken);
                return (client, await client.GetManifestAsync(reference.ManifestReference, cancellationToken));
            }
            catch (BerthException e)
            {
                client.Dispose();
                failure = e;
            }
        }
        throw failure!;
    }

    public async Task<ImageRecord> PullAsync(RegistryReference reference, PlatformSpec platform, CancellationToken cancellationToken)
    {
        var (client, top) = await ConnectAsync(reference, cancellationToken);
        using var _ = client;
        var isIndex = ManifestReader.IsIndex(top);
        var fetched = isIndex
            ? await client.GetManifestAsync(ManifestReader.SelectPlatform(top, platform).ToString(), cancellationToken)
            : top;
        var manifest = ManifestReader.ReadImageManifest(fetched);

        using var session = await store.BeginWriteAsync(cancellationToken);
        var configDigest = Digest.Parse(manifest.Config.Digest);
        await FetchBlobAsync(client, new BlobTransfer(configDigest, BlobKind.Config, manifest.Config.Size), cancellationToken);
        var configBytes = await store.Blobs.ReadAllBytesAsync(configDigest, cancellationToken);
        var config = ReadConfig(configDigest, configBytes);
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
            // Ctrl-C: the layers' own errors (a cut read, a closed pipe) are its echoes, not the cause.
            cancellationToken.ThrowIfCancellationRequested();
            throw layers.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is BerthException)
                ?? layers.First(t => t.IsFaulted || t.IsCanceled).Exception?.InnerException
                ?? new OperationCanceledException(cancellationToken);
        }
        await store.Blobs.WriteAsync(fetched.Bytes, cancellationToken);
        progress.ManifestWritten(fetched.Digest);
        var pulled = await session.AddAsync(new ImageRecord
        {
            Id = configDigest.ToString(),
            Manifest = fetched.Digest.ToString(),
            Digests = isIndex ? [top.Digest.ToString()] : [],
            Names = reference.Tag is null ? [] : [reference.Name],
            Created = config.Created ?? DateTimeOffset.UtcNow,
            LayersSize = layers.Sum(t => t.Result),
            DataSize = ImageRecord.DataSizeOf(configBytes.Length, fetched.Bytes.Length, isIndex ? top.Bytes.Length : 0),
        }, cancellationToken);
        store.Events.Object("image", "pull", pulled.HexId, reference.Name);
        return pulled;
    }

    /// <summary>Fetches and unpacks one layer; returns its uncompressed size.</summary>
    private async Task<long> PullLayerAsync(ImageWriteSession session, RegistryClient client, SemaphoreSlim slots, OciDescriptor layer,
        Digest diffId, Digest? parent, CancellationToken cancellationToken)
    {
        var blob = new BlobTransfer(Digest.Parse(layer.Digest), BlobKind.Layer, layer.Size);
        var chainId = ChainId.Next(parent, diffId);
        var unpacked = store.Snapshots.Exists(chainId);
        try
        {
            LayerSnapshot? snapshot = null;
            progress.BlobStarted(blob);
            if (store.Blobs.Exists(blob.Digest))
            {
                progress.BlobFinished(blob, BlobOutcome.Skipped);
            }
            else
            {
                await slots.WaitAsync(cancellationToken);
                try
                {
                    snapshot = unpacked
                        ? await FetchOnlyAsync(client, blob, cancellationToken)
                        : await FetchAndUnpackAsync(client, blob, parent, cancellationToken);
                }
                finally
                {
                    slots.Release();
                }
            }
            if (unpacked && snapshot is null)
            {
                return await MeasureAsync(blob.Digest, cancellationToken);
            }
            snapshot ??= await session.UnpackLayerBlobAsync(blob.Digest, parent, cancellationToken);
            return snapshot.DiffId == diffId
                ? snapshot.Size
                : throw new BerthException($"layer {blob.Digest} does not match the config's diff id {diffId} (got {snapshot.DiffId})");
        }
        catch (Exception ex) when (LayerCompression.IsCorruptArchive(ex))
        {
            throw new BerthException($"layer {blob.Digest} is not a valid tar archive: {ex.Message}");
        }
    }

    private async Task<LayerSnapshot?> FetchOnlyAsync(RegistryClient client, BlobTransfer blob, CancellationToken cancellationToken)
    {
        await _fetcher.FetchAsync(client, blob, null, cancellationToken);
        return null;
    }

    /// <summary>
    /// Downloads a layer and unpacks it from the same bytes as they arrive; null when the download
    /// resumed an earlier one (the caller then unpacks from the stored blob).
    /// </summary>
    private async Task<LayerSnapshot?> FetchAndUnpackAsync(RegistryClient client, BlobTransfer blob, Digest? parent, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(UnpackPipe);
        var unpacking = UnpackAsync(pipe.Reader, parent, cancellationToken);
        try
        {
            await _fetcher.FetchAsync(client, blob, pipe.Writer, cancellationToken);
        }
        catch (Exception ex)
        {
            await pipe.Writer.CompleteAsync(ex);
            await Task.WhenAny(unpacking);
            _ = unpacking.Exception; // the download's error is the one to report
            throw;
        }
        await pipe.Writer.CompleteAsync();
        return await unpacking;
    }

    /// <summary>Unpacks the tar (or tar+gzip) coming through <paramref name="reader"/>; nothing when no byte comes (a resumed download).</summary>
    private async Task<LayerSnapshot?> UnpackAsync(PipeReader reader, Digest? parent, CancellationToken cancellationToken)
    {
        try
        {
            var head = await reader.ReadAtLeastAsync(LayerCompression.HeadLength, cancellationToken);
            if (head.Buffer.IsEmpty && head.IsCompleted)
            {
                await reader.CompleteAsync();
                return null;
            }
            var magic = head.Buffer.Slice(0, Math.Min(head.Buffer.Length, LayerCompression.HeadLength)).ToArray();
            reader.AdvanceTo(head.Buffer.Start);
            await using var tar = LayerCompression.OpenTar(reader.AsStream(), magic);
            return await store.Snapshots.CreateAsync(parent, tar, cancellationToken);
        }
        catch (Exception ex)
        {
            await reader.CompleteAsync(ex);
            throw;
        }
    }

    /// <summary>Fetches a blob unless the store has it.</summary>
    private async Task FetchBlobAsync(RegistryClient client, BlobTransfer blob, CancellationToken cancellationToken)
    {
        progress.BlobStarted(blob);
        if (store.Blobs.Exists(blob.Digest))
        {
            progress.BlobFinished(blob, BlobOutcome.Skipped);
            return;
        }
        await _fetcher.FetchAsync(client, blob, null, cancellationToken);
    }

    private static OciImage ReadConfig(Digest digest, byte[] bytes)
    {
        try
        {
            var config = OciImageReader.Read(bytes) ?? throw new BerthException($"image config {digest} is empty");
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
