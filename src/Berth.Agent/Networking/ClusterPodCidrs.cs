using System.Net;
using System.Net.Sockets;
using k8s.Models;

namespace Berth.Agent.Networking;

/// <summary>What the nodes' pod CIDRs ask of this node: every node's subnet, and a route to each other node's pods.</summary>
public static class ClusterPodCidrs
{
    /// <summary>The IPv4 pod CIDRs of every node, this one included: pod traffic inside them keeps its source address.</summary>
    public static IReadOnlyList<string> All(IEnumerable<V1Node> nodes) =>
        [.. nodes.SelectMany(PodCidrsOf).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>A route to every other node's IPv4 pod CIDRs through its InternalIP; nodes without either are left out.</summary>
    public static IReadOnlyList<PodRoute> Routes(IEnumerable<V1Node> nodes, string self) =>
        [.. nodes.Where(n => n.Metadata.Name != self)
            .SelectMany(n => InternalIp(n) is { } via ? PodCidrsOf(n).Select(cidr => new PodRoute(cidr, via)) : [])
            .OrderBy(r => r.PodCidr, StringComparer.Ordinal)];

    private static IEnumerable<string> PodCidrsOf(V1Node node)
    {
        var cidrs = node.Spec?.PodCIDRs is { Count: > 0 } list ? list : node.Spec?.PodCIDR is { } one ? [one] : [];
        return cidrs.Where(c => IPNetwork.TryParse(c, out var n) && n.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
            .Select(c => IPNetwork.Parse(c).ToString());
    }

    private static string? InternalIp(V1Node node) =>
        node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP" && IPAddress.TryParse(a.Address, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork)?.Address;
}
