using k8s.Models;

namespace Berth.Agent.Nodes;

/// <summary>
/// What a node keeps back from its pods (kubelet's --system-reserved, "cpu=100m,memory=256Mi"). The
/// default keeps 100Mi of memory, kubelet's default hard-eviction threshold, which it also subtracts.
/// </summary>
public sealed record NodeReserve(decimal Cpu, decimal MemoryBytes)
{
    public static NodeReserve Default { get; } = new(0, 100 * 1024 * 1024);

    /// <summary>Parses "cpu=100m,memory=256Mi"; a resource left out reserves nothing.</summary>
    /// <exception cref="FormatException">The text names another resource or a quantity that does not parse.</exception>
    public static NodeReserve Parse(string text)
    {
        var reserve = new NodeReserve(0, 0);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2)
            {
                throw new FormatException($"invalid reservation \"{pair}\": expected RESOURCE=QUANTITY");
            }
            var quantity = ParseQuantity(parts[1], pair);
            reserve = parts[0] switch
            {
                "cpu" => reserve with { Cpu = quantity },
                "memory" => reserve with { MemoryBytes = quantity },
                _ => throw new FormatException($"invalid reservation \"{pair}\": only cpu and memory can be reserved"),
            };
        }
        return reserve;
    }

    /// <summary>Capacity minus the reserve, never below zero; resources without a reserve are copied.</summary>
    public Dictionary<string, ResourceQuantity> Allocatable(IReadOnlyDictionary<string, ResourceQuantity> capacity)
    {
        var allocatable = new Dictionary<string, ResourceQuantity>(capacity);
        if (capacity.TryGetValue("cpu", out var cpu))
        {
            var millis = Math.Max(0, (cpu.ToDecimal() - Cpu) * 1000);
            allocatable["cpu"] = new ResourceQuantity($"{decimal.Truncate(millis)}m");
        }
        if (capacity.TryGetValue("memory", out var memory))
        {
            var kibibytes = Math.Max(0, decimal.Truncate((memory.ToDecimal() - MemoryBytes) / 1024));
            allocatable["memory"] = new ResourceQuantity($"{kibibytes}Ki");
        }
        return allocatable;
    }

    private static decimal ParseQuantity(string text, string pair)
    {
        decimal value;
        try
        {
            value = new ResourceQuantity(text).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new FormatException($"invalid reservation \"{pair}\": \"{text}\" is not a quantity", e);
        }
        return value >= 0 ? value : throw new FormatException($"invalid reservation \"{pair}\": the quantity is negative");
    }
}
