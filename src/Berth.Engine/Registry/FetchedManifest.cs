using Berth.Engine.Store;

namespace Berth.Engine.Registry;

/// <summary>A manifest or index as the registry served it: its exact bytes (whose digest was checked), media type and digest.</summary>
public sealed record FetchedManifest(byte[] Bytes, string MediaType, Digest Digest);
