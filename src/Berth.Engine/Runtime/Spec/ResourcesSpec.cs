namespace Berth.Engine.Runtime.Spec;

/// <summary>config-linux §resources: the cgroup limits.</summary>
public sealed record ResourcesSpec
{
    public IReadOnlyList<DeviceRule> Devices { get; init; } = [];
    public MemorySpec? Memory { get; init; }
    public CpuSpec? Cpu { get; init; }
    public PidsSpec? Pids { get; init; }
}
