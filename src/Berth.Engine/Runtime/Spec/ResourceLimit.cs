namespace Berth.Engine.Runtime.Spec;

/// <summary>runtime-spec §rlimits entry, e.g. RLIMIT_NOFILE.</summary>
public sealed record ResourceLimit(string Type, ulong Hard, ulong Soft);
