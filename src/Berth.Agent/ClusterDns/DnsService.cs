using System.Net;
using k8s.Models;

namespace Berth.Agent.ClusterDns;

/// <summary>What cluster DNS knows of a Service: its cluster IPs (none when headless), its ExternalName, its ports.</summary>
public sealed record DnsService(string Namespace, string Name, bool Headless, string? ExternalName, IReadOnlyList<IPAddress> ClusterIPs, IReadOnlyList<DnsPort> Ports)
{
    public static DnsService From(V1Service service)
    {
        var spec = service.Spec;
        var externalName = spec?.Type == "ExternalName" ? spec.ExternalName?.TrimEnd('.') : null;
        var ips = (spec?.ClusterIPs ?? (spec?.ClusterIP is { } ip ? [ip] : []))
            .Select(a => IPAddress.TryParse(a, out var parsed) ? parsed : null)
            .OfType<IPAddress>()
            .ToList();
        var headless = externalName is null && spec?.ClusterIP == "None";
        var ports = (spec?.Ports ?? []).Select(p => new DnsPort(p.Name, p.Protocol ?? "TCP", p.Port)).ToList();
        return new DnsService(service.Namespace(), service.Name(), headless, externalName, ips, ports);
    }
}
