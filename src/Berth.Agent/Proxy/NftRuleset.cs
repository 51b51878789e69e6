namespace Berth.Agent.Proxy;

/// <summary>
/// What the proxy's table holds beyond its fixed skeleton (<see cref="NftScript"/>): the per-service chains with
/// their rules, the dispatch maps' elements (key → verdict) and the session-affinity sets. Two rulesets compare
/// chain by chain and element by element, so a change writes only what differs.
/// </summary>
public sealed record NftRuleset(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Chains,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Maps,
    IReadOnlySet<string> AffinitySets)
{
    /// <summary>daddr · protocol · port → the service's chain (cluster IPs and load-balancer addresses).</summary>
    public const string ServiceIps = "service-ips";

    /// <summary>protocol · port → the service's external chain, for packets to a local address of the node.</summary>
    public const string ServiceNodePorts = "service-nodeports";

    /// <summary>daddr · protocol · port → reject or drop, for Service ports without endpoints (checked in the filter hooks).</summary>
    public const string NoEndpointServices = "no-endpoint-services";

    /// <summary>protocol · port → reject or drop, for node ports without endpoints.</summary>
    public const string NoEndpointNodePorts = "no-endpoint-nodeports";

    public static IReadOnlyList<string> MapNames { get; } = [ServiceIps, ServiceNodePorts, NoEndpointServices, NoEndpointNodePorts];

    public static NftRuleset Empty { get; } = new(
        new Dictionary<string, IReadOnlyList<string>>(),
        MapNames.ToDictionary(m => m, IReadOnlyDictionary<string, string> (_) => new Dictionary<string, string>()),
        new HashSet<string>());
}
