namespace Berth.Engine.Runtime.Spec;

/// <summary>CFS quota over period, in microseconds.</summary>
public sealed record CpuSpec(long Quota, ulong Period);
