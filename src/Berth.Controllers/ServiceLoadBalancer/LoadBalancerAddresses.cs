using k8s.Models;

namespace Berth.Controllers.ServiceLoadBalancer;

/// <summary>Which node addresses a LoadBalancer Service is reachable on through the built-in load balancer.</summary>
public static class LoadBalancerAddresses
{
    /// <summary>The label that keeps a node out of every load balancer (kube's service controller honours it too).</summary>
    public const string ExcludeLabel = "node.kubernetes.io/exclude-from-external-load-balancers";

    /// <summary>
    /// Each ready node's ExternalIP, else its InternalIP, sorted so the status does not flap with the informer's
    /// order. Every node's service proxy answers on its own addresses, so any ready node can take the traffic.
    /// </summary>
    public static IReadOnlyList<string> Of(IEnumerable<V1Node> nodes) =>
    [
        .. nodes
            .Where(n => IsReady(n) && n.Metadata?.Labels?.ContainsKey(ExcludeLabel) != true)
            .Select(n => AddressOf(n, "ExternalIP") ?? AddressOf(n, "InternalIP"))
            .OfType<string>()
            .Distinct()
            .Order(StringComparer.Ordinal),
    ];

    private static bool IsReady(V1Node node) => node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static string? AddressOf(V1Node node, string type) => node.Status?.Addresses?.FirstOrDefault(a => a.Type == type)?.Address;
}
