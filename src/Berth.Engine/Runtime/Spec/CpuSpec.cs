namespace Berth.Engine.Runtime.Spec;

/// <summary>CFS quota over period, in microseconds, and the relative weight (shares; runc turns them into cgroup v2's cpu.weight).</summary>
public sealed record CpuSpec(long? Quota = null, ulong? Period = null, ulong? Shares = null);
