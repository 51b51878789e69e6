using System.Buffers;
using System.IO.Pipelines;
using Berth.Engine.Progress;
using Berth.Engine.Store;

namespace Berth.Engine.Registry;

/// <summary>
/// Downloads one blob into the store: into its <see cref="IncomingBlob"/> file (resuming where an
/// earlier run stopped), exactly the declared size, verified against its digest, then moved into
/// blobs/. A copy of the bytes can go to a pipe on the way, so a layer is unpacked as it arrives.
/// </summary>
internal sealed class BlobFetcher(EngineLayout layout, ITransferProgress progress)
{
    /// <summary>Bytes read from the network at a time: large enough that syscalls and progress events stay few.</summary>
    private const int ChunkSize = 256 << 10;

    /// <summary>
    /// Fetches <paramref name="blob"/>. With <paramref name="tee"/>, every byte from the first on also
    /// goes there, but only when the download starts from the beginning: a resumed blob sends the tee
    /// nothing (read it from the store instead). The tee is not completed here.
    /// </summary>
    public async Task FetchAsync(RegistryClient client, BlobTransfer blob, PipeWriter? tee, CancellationToken cancellationToken)
    {
        await using var incoming = await IncomingBlob.OpenAsync(layout, blob.Digest, blob.Size, cancellationToken);
        var resumed = incoming.Length > 0;
        await ReceiveAsync(client, blob, incoming, resumed ? null : tee, cancellationToken);
        var (stored, actual) = await incoming.TryCommitAsync(cancellationToken);
        if (!stored && resumed)
        {
            // The bytes kept from an earlier run were wrong: once more, from the start.
            await ReceiveAsync(client, blob, incoming, null, cancellationToken);
            (stored, actual) = await incoming.TryCommitAsync(cancellationToken);
        }
        if (!stored)
        {
            throw new BerthException($"fetching blob {blob.Digest}: digest mismatch: the registry sent content with digest {actual}");
        }
        progress.BlobFinished(blob, BlobOutcome.Copied);
    }

    private async Task ReceiveAsync(RegistryClient client, BlobTransfer blob, IncomingBlob incoming, PipeWriter? tee, CancellationToken cancellationToken)
    {
        if (incoming.Length == blob.Size)
        {
            return;
        }
        var context = $"fetching blob {blob.Digest}";
        using var response = await client.OpenBlobAsync(blob.Digest, incoming.Length, cancellationToken);
        if (response.Offset != incoming.Length)
        {
            incoming.Restart();
        }
        progress.BlobAdvanced(blob, incoming.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await response.Body.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                if (incoming.Length + read > blob.Size)
                {
                    incoming.Restart();
                    throw new BerthException($"{context}: registry sent more than the {blob.Size} bytes the manifest declares");
                }
                var chunk = buffer.AsMemory(0, read);
                await incoming.WriteAsync(chunk, cancellationToken);
                if (tee is not null && (await tee.WriteAsync(chunk, cancellationToken)).IsCompleted)
                {
                    tee = null; // the unpacker stopped reading; it reports its own error
                }
                progress.BlobAdvanced(blob, incoming.Length);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException and not FileNotFoundException && !cancellationToken.IsCancellationRequested)
        {
            throw new BerthException($"{context}: transfer interrupted: {ex.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (incoming.Length != blob.Size)
        {
            throw new BerthException($"{context}: transfer ended after {incoming.Length} of {blob.Size} bytes");
        }
    }
}
