using Berth.Engine.Store;

namespace Berth.Engine.Images;

/// <summary>One layer of `image tree`: its id (the chain id, as the snapshot's), its uncompressed size, and the images whose top layer it is.</summary>
public sealed record TreeLayer(Digest ChainId, long Size, IReadOnlyList<string> TopLayerOf);
