using k8s.Models;

namespace Berth.Testing.Simulation;

/// <summary>What a simulated node reports: capacity (= allocatable), labels, taints.</summary>
public sealed record SimulatedNodeSpec
{
    public required string Name { get; init; }

    public string Cpu { get; init; } = "4";

    public string Memory { get; init; } = "8Gi";

    public string Pods { get; init; } = "110";

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<V1Taint> Taints { get; init; } = [];

    public bool Unschedulable { get; init; }
}
