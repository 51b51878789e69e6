namespace Berth.Controllers.NodeLifecycle;

/// <summary>
/// When each node last showed life, on this controller's own clock (kube's nodeHealthMap probe
/// timestamps): a node is heard from when its Lease's renewTime or its Ready heartbeat changes.
/// Comparing our clock with our clock keeps a skewed node clock from killing or saving a node,
/// and a node first seen (e.g. after a leadership change) gets a full grace period.
/// </summary>
public sealed class NodeProbes
{
    private readonly Dictionary<string, Probe> _probes = new(StringComparer.Ordinal);

    /// <summary>Records what the node shows now and returns when it was last heard from.</summary>
    public DateTime Observe(string node, DateTime? heartbeat, DateTime? leaseRenewal, DateTime now)
    {
        var current = new Probe(heartbeat, leaseRenewal, now);
        if (_probes.TryGetValue(node, out var saved) && saved.Heartbeat == heartbeat && !Renewed(saved.LeaseRenewal, leaseRenewal))
        {
            return saved.HeardAt;
        }
        _probes[node] = current;
        return now;
    }

    /// <summary>Forgets nodes that are gone.</summary>
    public void Retain(IReadOnlySet<string> nodes)
    {
        foreach (var name in _probes.Keys.Where(n => !nodes.Contains(n)).ToList())
        {
            _probes.Remove(name);
        }
    }

    private static bool Renewed(DateTime? saved, DateTime? observed) => observed is { } o && (saved is not { } s || o > s);

    private sealed record Probe(DateTime? Heartbeat, DateTime? LeaseRenewal, DateTime HeardAt);
}
