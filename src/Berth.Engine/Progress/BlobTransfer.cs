using Berth.Engine.Store;

namespace Berth.Engine.Progress;

/// <summary>One blob of a transfer: its digest, what it is, and its size in bytes as the manifest declares it.</summary>
public sealed record BlobTransfer(Digest Digest, BlobKind Kind, long Size);
