using System.Security.Cryptography;
using System.Text;

namespace Berth.Agent.Proxy;

/// <summary>
/// The pure half of the proxy: Service ports → the rules of kube-proxy's nftables mode (KEP-3866). Per port:
/// <c>service-H-ID</c> (reached from the cluster IP's map element: marks traffic not from the pod bridge for
/// masquerade, then picks), <c>external-H-ID</c> (node ports and load-balancer addresses: masquerade, or for
/// externalTrafficPolicy Local only local endpoints), <c>cluster-H-ID</c> / <c>local-H-ID</c> (sticky affinity
/// sets first, then <c>numgen random mod N</c>) and one <c>endpoint-H-ID__IP/PORT</c> per endpoint (hairpin
/// masquerade, DNAT). A port without usable endpoints is rejected as kube-proxy does (dropped when endpoints exist
/// but none may take this traffic).
/// </summary>
public sealed class ProxyRuleRenderer(string podBridge, string nodeName)
{
    public NftRuleset Render(IEnumerable<ProxyServicePort> ports, string? zone)
    {
        var chains = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var maps = NftRuleset.MapNames.ToDictionary(m => m, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        var sets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var port in ports)
        {
            RenderPort(port, zone, chains, maps, sets);
        }
        return new NftRuleset(chains, maps.ToDictionary(m => m.Key, IReadOnlyDictionary<string, string> (m) => m.Value), sets);
    }

    private void RenderPort(ProxyServicePort port, string? zone, Dictionary<string, IReadOnlyList<string>> chains,
        Dictionary<string, Dictionary<string, string>> maps, HashSet<string> sets)
    {
        var name = ChainSuffix(port);
        var cluster = EndpointSelection.Cluster(port, zone);
        var local = EndpointSelection.Local(port, nodeName);
        // No usable endpoint anywhere: kube-proxy rejects (connection refused); endpoints elsewhere only: drop.
        var noEndpoints = cluster.Count == 0 ? "goto reject-chain" : "drop";
        string? Pick(string kind, IReadOnlyList<ProxyEndpoint> endpoints)
        {
            if (endpoints.Count == 0)
            {
                return null;
            }
            var chain = $"{kind}-{name}";
            chains[chain] = PickRules(port, name, endpoints, chains, sets);
            return chain;
        }
        var external = port.NodePort != 0 || port.LoadBalancerIps.Count > 0;
        var clusterChain = !port.InternalLocal || external ? Pick("cluster", cluster) : null;
        var localChain = port.InternalLocal || port.ExternalLocal ? Pick("local", local) : null;

        var serviceKey = $"{port.ClusterIp} . {port.Protocol} . {port.Port}";
        if ((port.InternalLocal ? localChain : clusterChain) is { } internalTarget)
        {
            var service = $"service-{name}";
            chains[service] = [$"iifname != \"{podBridge}\" jump mark-for-masquerade", $"goto {internalTarget}"];
            maps[NftRuleset.ServiceIps][serviceKey] = $"goto {service}";
        }
        else
        {
            maps[NftRuleset.NoEndpointServices][serviceKey] = noEndpoints;
        }

        if (!external)
        {
            return;
        }
        var externalKeys = port.LoadBalancerIps.Select(ip => (NftRuleset.ServiceIps, NftRuleset.NoEndpointServices, $"{ip} . {port.Protocol} . {port.Port}"));
        if (port.NodePort != 0)
        {
            externalKeys = externalKeys.Append((NftRuleset.ServiceNodePorts, NftRuleset.NoEndpointNodePorts, $"{port.Protocol} . {port.NodePort}"));
        }
        if (clusterChain is null)
        {
            foreach (var (_, noEndpointMap, key) in externalKeys)
            {
                maps[noEndpointMap][key] = noEndpoints;
            }
            return;
        }
        var externalChain = $"external-{name}";
        chains[externalChain] = port.ExternalLocal
            ? [
                // Pods and the node itself reaching an external address are routed as cluster traffic (kube-proxy does too).
                $"iifname \"{podBridge}\" goto {clusterChain}",
                "fib saddr type local jump mark-for-masquerade",
                $"fib saddr type local goto {clusterChain}",
                localChain is null ? "drop" : $"goto {localChain}",
            ]
            : ["jump mark-for-masquerade", $"goto {clusterChain}"];
        foreach (var (map, _, key) in externalKeys)
        {
            maps[map][key] = $"goto {externalChain}";
        }
    }

    /// <summary>A picking chain: clients stuck to an endpoint by affinity go there, the rest to a random one.</summary>
    private static List<string> PickRules(ProxyServicePort port, string name, IReadOnlyList<ProxyEndpoint> endpoints,
        Dictionary<string, IReadOnlyList<string>> chains, HashSet<string> sets)
    {
        var rules = new List<string>();
        var targets = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var chain = $"endpoint-{name}__{endpoint.Address}/{endpoint.Port}";
            var affinity = $"affinity-{name}__{endpoint.Address}/{endpoint.Port}";
            var dnat = $"meta l4proto {port.Protocol} dnat to {endpoint.Address}:{endpoint.Port}";
            chains[chain] = port.AffinityTimeoutSeconds > 0
                ? [$"ip saddr {endpoint.Address} jump mark-for-masquerade", $"update @{affinity} {{ ip saddr timeout {port.AffinityTimeoutSeconds}s }}", dnat]
                : [$"ip saddr {endpoint.Address} jump mark-for-masquerade", dnat];
            if (port.AffinityTimeoutSeconds > 0)
            {
                sets.Add(affinity);
                rules.Add($"ip saddr @{affinity} goto {chain}");
            }
            targets.Add(chain);
        }
        rules.Add($"numgen random mod {targets.Count} vmap {{ {string.Join(", ", targets.Select((t, i) => $"{i} : goto {t}"))} }}");
        return rules;
    }

    /// <summary>HASH-namespace/name/protocol/port: readable, and unique even where names would collide once cut.</summary>
    private static string ChainSuffix(ProxyServicePort port)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(port.Id)))[..8];
        return $"{hash}-{port.Id}";
    }
}
