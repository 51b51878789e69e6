using System.Net;
using System.Net.Sockets;
using k8s.Models;

namespace Berth.Agent.Proxy;

/// <summary>
/// Turns Services and EndpointSlices into the <see cref="ProxyServicePort"/>s the proxy writes rules for. Services
/// without a cluster IP (headless, ExternalName) and the node-local ones (<see cref="NodeLocalAnnotation"/>: cluster
/// DNS listens on that IP itself) get none. IPv4 only, as the cluster is.
/// </summary>
public static class ProxyModel
{
    /// <summary>A Service served on every node by the agent itself (cluster DNS, as NodeLocal DNSCache): no rules.</summary>
    public const string NodeLocalAnnotation = "berth.dev/node-local";

    private const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>kube's default timeout for sessionAffinity ClientIP: 3 hours.</summary>
    private const int DefaultAffinityTimeoutSeconds = 10800;

    public static IReadOnlyList<ProxyServicePort> Build(IEnumerable<V1Service> services, IEnumerable<V1EndpointSlice> slices)
    {
        var slicesByService = slices
            .Where(s => s.AddressType == "IPv4" && s.Labels()?.ContainsKey(ServiceNameLabel) == true)
            .ToLookup(s => (s.Namespace(), s.Labels()[ServiceNameLabel]));
        var ports = new List<ProxyServicePort>();
        foreach (var service in services.Where(Proxied))
        {
            var spec = service.Spec;
            var serviceSlices = slicesByService[(service.Namespace(), service.Name())].ToList();
            var affinity = spec.SessionAffinity == "ClientIP" ? spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds ?? DefaultAffinityTimeoutSeconds : 0;
            var loadBalancerIps = spec.Type == "LoadBalancer"
                ? (service.Status?.LoadBalancer?.Ingress ?? []).Select(i => i.Ip).Where(IsIPv4).ToList()
                : [];
            foreach (var port in spec.Ports ?? [])
            {
                var protocol = (port.Protocol ?? "TCP").ToLowerInvariant();
                ports.Add(new ProxyServicePort(service.Namespace(), service.Name(), port.Name ?? "", protocol, spec.ClusterIP, port.Port,
                    spec.Type is "NodePort" or "LoadBalancer" ? port.NodePort ?? 0 : 0, loadBalancerIps, affinity,
                    spec.ExternalTrafficPolicy == "Local" && spec.Type is "NodePort" or "LoadBalancer", spec.InternalTrafficPolicy == "Local",
                    Endpoints(serviceSlices, port.Name ?? "", port.Protocol ?? "TCP")));
            }
        }
        return ports;
    }

    private static bool Proxied(V1Service service) =>
        service.Spec is { } spec && spec.Type != "ExternalName" && IsIPv4(spec.ClusterIP)
        && (service.Annotations() is { } annotations && annotations.TryGetValue(NodeLocalAnnotation, out var local) ? local : null) != "true";

    /// <summary>The endpoints of the slices' port with the Service port's name and protocol, each address and port once.</summary>
    private static List<ProxyEndpoint> Endpoints(List<V1EndpointSlice> slices, string portName, string protocol)
    {
        var endpoints = new List<ProxyEndpoint>();
        foreach (var slice in slices)
        {
            var slicePort = (slice.Ports ?? []).FirstOrDefault(p => (p.Name ?? "") == portName && (p.Protocol ?? "TCP") == protocol);
            if (slicePort?.Port is not { } number)
            {
                continue;
            }
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                var ready = endpoint.Conditions?.Ready ?? true;
                var zones = (endpoint.Hints?.ForZones ?? []).Select(z => z.Name).ToList();
                endpoints.AddRange((endpoint.Addresses ?? []).Where(IsIPv4).Select(address => new ProxyEndpoint(address, number, ready,
                    endpoint.Conditions?.Serving ?? ready, endpoint.Conditions?.Terminating ?? false, endpoint.NodeName, zones)));
            }
        }
        return [.. endpoints.DistinctBy(e => (e.Address, e.Port))];
    }

    private static bool IsIPv4(string? address) =>
        IPAddress.TryParse(address, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetwork;
}
