using Berth.Engine.Store;

namespace Berth.Engine.Space;

/// <summary>What the roots reach: blobs by digest and snapshots by chain id. Everything else is garbage.</summary>
public sealed record ReachableContent(IReadOnlySet<Digest> Blobs, IReadOnlySet<Digest> Snapshots);
