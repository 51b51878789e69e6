namespace Berth.Engine.Runtime.Spec;

/// <summary>
/// CFS quota over period, in microseconds, the relative weight (shares; runc turns them into cgroup v2's cpu.weight), and
/// the CPUs and memory nodes of the cpuset.
/// </summary>
public sealed record CpuSpec(long? Quota = null, ulong? Period = null, ulong? Shares = null, string? Cpus = null, string? Mems = null);
