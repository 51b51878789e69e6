using Berth.Engine.Store;

namespace Berth.Engine.Snapshots;

/// <summary>An unpacked layer: its diff id (digest of the uncompressed tar), chain id, tar size and directory.</summary>
public sealed record LayerSnapshot(Digest DiffId, Digest ChainId, long Size, string Directory);
