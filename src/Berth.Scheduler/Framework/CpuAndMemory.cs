namespace Berth.Scheduler.Framework;

/// <summary>CPU in milli-cores and memory in bytes: what the resource scores weigh.</summary>
public readonly record struct CpuAndMemory(long MilliCpu, long Memory);
