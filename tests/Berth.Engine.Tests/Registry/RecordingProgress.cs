using System.Collections.Concurrent;
using Berth.Engine.Progress;
using Berth.Engine.Store;

namespace Berth.Engine.Tests.Registry;

/// <summary>Keeps every progress event as a line ("started sha256:…", "advanced sha256:… 1234", …), in arrival order.</summary>
internal sealed class RecordingProgress : ITransferProgress
{
    public ConcurrentQueue<string> Events { get; } = new();

    public void BlobStarted(BlobTransfer blob) => Events.Enqueue($"started {blob.Kind} {blob.Digest} {blob.Size}");

    public void BlobAdvanced(BlobTransfer blob, long bytesDone) => Events.Enqueue($"advanced {blob.Digest} {bytesDone}");

    public void BlobFinished(BlobTransfer blob, BlobOutcome outcome) => Events.Enqueue($"finished {blob.Digest} {outcome}");

    public void ManifestWritten(Digest manifest) => Events.Enqueue($"manifest {manifest}");

    /// <summary>The events about one blob.</summary>
    public List<string> Of(Digest digest) => Events.Where(e => e.Contains(digest.ToString(), StringComparison.Ordinal)).ToList();
}
