using System.Net;

namespace Berth.Agent.ClusterDns;

/// <summary>
/// A ready endpoint of a Service, from its EndpointSlices: its address, the hostname its pod asked for
/// (spec.hostname under a matching subdomain), and its slice's ports.
/// </summary>
public sealed record DnsEndpoint(IPAddress Address, string? Hostname, IReadOnlyList<DnsPort> Ports)
{
    /// <summary>Its label under the Service's name: the hostname, else the address with dashes (CoreDNS' endpoint_pod_names off).</summary>
    public string Label => Hostname ?? DashedAddress(Address);

    public static string DashedAddress(IPAddress address) => address.ToString().Replace('.', '-').Replace(':', '-');
}
