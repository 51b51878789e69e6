namespace Berth.Engine.Runtime.Spec;

/// <summary>Memory limit in bytes; swap is memory plus swap (equal to the limit: no swap on top; -1: unlimited); reservation is the soft limit.</summary>
public sealed record MemorySpec(long? Limit, long? Swap, long? Reservation = null);
