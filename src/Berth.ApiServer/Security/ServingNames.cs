using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Berth.ApiServer.Security;

/// <summary>
/// What the serving certificate must cover: loopback, the address the server listens on (every address of this host's
/// interfaces when it listens on all), the advertised address, the `kubernetes` Service's in-cluster names and cluster
/// IP (what a pod's in-cluster client dials, as kube-apiserver's certificate covers it), the node's name, and the
/// operator's --tls-san names and addresses (k3s' flag).
/// </summary>
public sealed record ServingNames(IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> Addresses)
{
    private static readonly string[] ServiceNames = ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"];

    public static ServingNames For(IPAddress bind, string? advertise, IPAddress serviceIp, string nodeName, IEnumerable<string> tlsSans)
    {
        var sans = tlsSans.Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        var addresses = new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        addresses.AddRange(bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? HostAddresses() : [bind]);
        if (advertise is not null && IPAddress.TryParse(advertise, out var advertised))
        {
            addresses.Add(advertised);
        }
        addresses.Add(serviceIp);
        addresses.AddRange(sans.Select(s => IPAddress.TryParse(s, out var ip) ? ip : null).OfType<IPAddress>());
        var dnsNames = ServiceNames.Append(nodeName).Concat(sans.Where(s => !IPAddress.TryParse(s, out _))).Distinct(StringComparer.OrdinalIgnoreCase);
        return new ServingNames([.. dnsNames], [.. addresses.Distinct()]);
    }

    // Link-local IPv6 addresses need a scope to be dialled: no client names the server by one.
    private static IEnumerable<IPAddress> HostAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus != OperationalStatus.Down)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork || (a.AddressFamily == AddressFamily.InterNetworkV6 && !a.IsIPv6LinkLocal));
}
