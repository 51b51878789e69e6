namespace Berth.Agent.Proxy;

/// <summary>
/// Which endpoints of a Service port get traffic, as kube-proxy's CategorizeEndpoints: the ready ones, else
/// the serving-but-terminating ones as a fallback; topology hints narrow them to this node's zone when every
/// candidate carries hints and at least one names the zone.
/// </summary>
public static class EndpointSelection
{
    /// <summary>The endpoints for cluster-wide traffic policy, narrowed by topology hints.</summary>
    public static IReadOnlyList<ProxyEndpoint> Cluster(ProxyServicePort port, string? zone)
    {
        var candidates = Usable(port.Endpoints);
        if (zone is not null && candidates.Count > 0 && candidates.All(e => e.ZoneHints.Count > 0) && candidates.Any(e => e.ZoneHints.Contains(zone)))
        {
            return [.. candidates.Where(e => e.ZoneHints.Contains(zone))];
        }
        return candidates;
    }

    /// <summary>The endpoints on this node, for a Local traffic policy.</summary>
    public static IReadOnlyList<ProxyEndpoint> Local(ProxyServicePort port, string nodeName) =>
        Usable([.. port.Endpoints.Where(e => e.NodeName == nodeName)]);

    private static IReadOnlyList<ProxyEndpoint> Usable(IReadOnlyList<ProxyEndpoint> endpoints)
    {
        var ready = endpoints.Where(e => e.Ready).ToList();
        return ready.Count > 0 ? ready : [.. endpoints.Where(e => e.Serving && e.Terminating)];
    }
}
