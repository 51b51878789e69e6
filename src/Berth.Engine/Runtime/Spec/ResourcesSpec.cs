using System.Text.Json.Serialization;

namespace Berth.Engine.Runtime.Spec;

/// <summary>config-linux §resources: the cgroup limits; also what `runc update --resources` reads.</summary>
public sealed record ResourcesSpec
{
    public IReadOnlyList<DeviceRule> Devices { get; init; } = [];
    public MemorySpec? Memory { get; init; }
    public CpuSpec? Cpu { get; init; }
    public PidsSpec? Pids { get; init; }

    [JsonPropertyName("blockIO")]
    public BlockIoSpec? BlockIo { get; init; }
}
