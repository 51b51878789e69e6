using System.Text.Json;
using Berth.Engine.Images;
using Berth.Engine.Images.Oci;
using Berth.Engine.Progress;
using Berth.Engine.Store;

namespace Berth.Engine.Registry;

/// <summary>
/// `image push`: sends a stored image's blobs the registry lacks (HEAD first; a cross-repository
/// mount when the image has a name in another repository of the same registry; otherwise a
/// monolithic upload, or a chunked one above <see cref="ChunkSize"/>), then its manifest, byte for
/// byte, so the pushed digest is the stored one.
/// </summary>
public sealed class ImagePusher(ImageStore store, RegistryConnector connector, ITransferProgress progress)
{
    /// <summary>Blobs larger than this go up in PATCH chunks of this size; smaller ones in one PUT.</summary>
    public long ChunkSize { get; init; } = 32L << 20;

    /// <summary>How many blobs are sent at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Pushes <paramref name="source"/> (a local name or id) to <paramref name="destination"/>; returns the manifest digest.</summary>
    public async Task<Digest> PushAsync(string source, RegistryReference destination, CancellationToken cancellationToken)
    {
        var image = await store.FindAsync(source, cancellationToken);
        var manifestDigest = Digest.Parse(image.Manifest);
        if (destination.Digest is { } pinned && pinned != manifestDigest)
        {
            throw new BerthException($"cannot push {source} as {destination}: its manifest digest is {manifestDigest}");
        }
        var manifestBytes = await store.Blobs.ReadAllBytesAsync(manifestDigest, cancellationToken);
        var manifest = ManifestReader.ReadImageManifest(new FetchedManifest(manifestBytes, "", manifestDigest));
        var mountFrom = image.Names
            .Select(n => ImageReference.TryParse(n, out var r, out _) ? r : null)
            .FirstOrDefault(r => r?.Domain == destination.Domain && r.RepositoryPath != destination.Repository)?.RepositoryPath;

        using var client = connector.Open(destination, push: true);
        await client.PingAsync(cancellationToken);
        using var slots = new SemaphoreSlim(Concurrency);
        var blobs = manifest.Layers.Select(l => new BlobTransfer(Digest.Parse(l.Digest), BlobKind.Layer, l.Size))
            .Prepend(new BlobTransfer(Digest.Parse(manifest.Config.Digest), BlobKind.Config, manifest.Config.Size));
        await Task.WhenAll(blobs.Select(async blob =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                await PushBlobAsync(client, blob, mountFrom, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }));

        var mediaType = ManifestReader.MediaTypeOf(new FetchedManifest(manifestBytes, "", manifestDigest));
        foreach (var reference in new[] { destination.Tag, destination.Digest?.ToString() }.OfType<string>())
        {
            var stored = await client.PutManifestAsync(reference, manifestBytes, mediaType, cancellationToken);
            if (stored is { } digest && digest != manifestDigest)
            {
                throw new BerthException($"registry stored the manifest as {digest}, expected {manifestDigest}");
            }
        }
        progress.ManifestWritten(manifestDigest);
        return manifestDigest;
    }

    private async Task PushBlobAsync(RegistryClient client, BlobTransfer blob, string? mountFrom, CancellationToken cancellationToken)
    {
        var digest = blob.Digest;
        progress.BlobStarted(blob);
        if (await client.BlobExistsAsync(digest, cancellationToken))
        {
            progress.BlobFinished(blob, BlobOutcome.Skipped);
            return;
        }
        var location = await client.StartUploadAsync(digest, mountFrom, cancellationToken);
        if (location is null)
        {
            progress.BlobFinished(blob, BlobOutcome.Mounted);
            return;
        }
        var path = store.Blobs.PathOf(digest);
        var size = new FileInfo(path).Length;
        if (size <= ChunkSize)
        {
            await client.FinishUploadAsync(location, digest,
                () => new StreamContent(new ProgressStream(File.OpenRead(path), 0, bytes => progress.BlobAdvanced(blob, bytes))), cancellationToken);
        }
        else
        {
            await using var file = File.OpenRead(path);
            var buffer = new byte[ChunkSize];
            long offset = 0;
            int read;
            while ((read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                location = await client.UploadChunkAsync(location, buffer.AsMemory(0, read), offset, cancellationToken);
                offset += read;
                progress.BlobAdvanced(blob, offset);
            }
            await client.FinishUploadAsync(location, digest, null, cancellationToken);
        }
        progress.BlobFinished(blob, BlobOutcome.Copied);
    }
}
