using Berth.Engine.Store;

namespace Berth.Engine.Progress;

/// <summary>
/// What a transfer between the store and a registry (pull, push, a build's FROM pull) is doing, told
/// to whoever shows it to a person. Blobs move concurrently, so every method may be called from
/// several tasks at once: implementations are thread-safe and quick (they must not slow the transfer).
/// <code>
/// BlobStarted ─► BlobAdvanced* ─► BlobFinished      per blob (config and layers)
///                                 ManifestWritten    once, last
/// </code>
/// A blob that is skipped or mounted gets BlobStarted and BlobFinished with no bytes in between;
/// a failing blob gets no BlobFinished (the error reaches the caller instead).
/// </summary>
public interface ITransferProgress
{
    void BlobStarted(BlobTransfer blob);

    /// <summary><paramref name="bytesDone"/> is cumulative: a resumed blob starts at the bytes it already had.</summary>
    void BlobAdvanced(BlobTransfer blob, long bytesDone);

    void BlobFinished(BlobTransfer blob, BlobOutcome outcome);

    /// <summary>The manifest is stored (pull) or sent (push); the image is complete.</summary>
    void ManifestWritten(Digest manifest);
}
