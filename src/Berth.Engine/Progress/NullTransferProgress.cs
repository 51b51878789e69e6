using Berth.Engine.Store;

namespace Berth.Engine.Progress;

/// <summary>Shows nothing: for quiet verbs and for callers that have no one to tell.</summary>
public sealed class NullTransferProgress : ITransferProgress
{
    public static NullTransferProgress Instance { get; } = new();

    private NullTransferProgress()
    {
    }

    public void BlobStarted(BlobTransfer blob)
    {
    }

    public void BlobAdvanced(BlobTransfer blob, long bytesDone)
    {
    }

    public void BlobFinished(BlobTransfer blob, BlobOutcome outcome)
    {
    }

    public void ManifestWritten(Digest manifest)
    {
    }
}
