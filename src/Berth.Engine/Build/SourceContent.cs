using Berth.Engine.Store;

namespace Berth.Engine.Build;

/// <summary>What a COPY/ADD step copies: its digest (part of the cache key) and the bytes of its regular files (for progress).</summary>
internal sealed record SourceContent(Digest Digest, long Size);
