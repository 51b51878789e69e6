namespace Berth.Engine.Runtime.Spec;

/// <summary>Memory limit in bytes; swap equal to the limit means no swap on top.</summary>
public sealed record MemorySpec(long Limit, long Swap);
