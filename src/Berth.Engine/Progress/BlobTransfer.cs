using Berth.Engine.Store;

namespace Berth.Engine.Progress;

/// <summary>
/// One blob of a transfer: its digest, what it is, and its size in bytes as the manifest declares it
/// (for a download, as the server announces it; 0 when it does not).
/// </summary>
public sealed record BlobTransfer(Digest Digest, BlobKind Kind, long Size)
{
    /// <summary>Where a download comes from (its URL); null for other blobs.</summary>
    public string? Source { get; init; }
}
