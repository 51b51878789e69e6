using System.Net;
using Berth.Engine.Networks.Dns;
using k8s.Models;

namespace Berth.Agent.ClusterDns;

/// <summary>
/// A pod's /etc/resolv.conf as the kubelet makes it (pkg/kubelet/network/dns): by dnsPolicy — ClusterFirst (the default)
/// names the cluster DNS with the namespace's search path and ndots:5, ClusterFirstWithHostNet does so for host-network
/// pods too, Default is the host's, None is empty — then the pod's dnsConfig appended (name servers and search domains
/// without duplicates, options merged by name with the pod's winning), within resolvers' limits.
/// </summary>
public static class PodResolvConf
{
    /// <summary>glibc reads three name servers; kubelet keeps 32 search domains.</summary>
    public const int MaxNameservers = 3;

    public const int MaxSearches = 32;

    /// <param name="clusterDns">kubelet's --cluster-dns; none turns ClusterFirst into Default, as kubelet falls back.</param>
    /// <param name="clusterDomain">kubelet's --cluster-domain.</param>
    /// <param name="host">The node's resolv.conf (kubelet's --resolv-conf).</param>
    public static ResolvConf For(V1Pod pod, IReadOnlyList<string> clusterDns, string clusterDomain, ResolvConf host)
    {
        var hostNetwork = pod.Spec.HostNetwork == true;
        var policy = pod.Spec.DnsPolicy ?? "ClusterFirst";
        var cluster = clusterDns.Count > 0 && (policy == "ClusterFirstWithHostNet" || (policy == "ClusterFirst" && !hostNetwork));
        var baseConf = policy switch
        {
            "None" => ResolvConf.Empty,
            _ when cluster => Cluster(pod.Namespace() ?? "default", clusterDns, clusterDomain.Trim('.'), host),
            // The host's name servers on loopback answer only in the host's own network namespace.
            _ => hostNetwork ? host : host with { Nameservers = [.. host.Nameservers.Where(n => !IPAddress.TryParse(n, out var a) || !IPAddress.IsLoopback(a))] },
        };
        var merged = Append(baseConf, pod.Spec.DnsConfig);
        return merged with
        {
            Nameservers = [.. merged.Nameservers.Take(MaxNameservers)],
            Searches = [.. merged.Searches.Take(MaxSearches)],
        };
    }

    private static ResolvConf Cluster(string ns, IReadOnlyList<string> clusterDns, string clusterDomain, ResolvConf host)
    {
        IEnumerable<string> searches = clusterDomain.Length == 0 ? [] : [$"{ns}.svc.{clusterDomain}", $"svc.{clusterDomain}", clusterDomain];
        return new ResolvConf(clusterDns, [.. searches.Concat(host.Searches).Distinct()], ["ndots:5"]);
    }

    private static ResolvConf Append(ResolvConf conf, V1PodDNSConfig? extra)
    {
        if (extra is null)
        {
            return conf;
        }
        var options = conf.Options.Select(Option).ToList();
        foreach (var option in extra.Options ?? [])
        {
            var value = option.Value is null ? option.Name : $"{option.Name}:{option.Value}";
            var at = options.FindIndex(o => o.Name == option.Name);
            if (at >= 0)
            {
                options[at] = (option.Name, value);
            }
            else
            {
                options.Add((option.Name, value));
            }
        }
        return new ResolvConf(
            [.. conf.Nameservers.Concat(extra.Nameservers ?? []).Distinct()],
            [.. conf.Searches.Concat(extra.Searches ?? []).Distinct()],
            [.. options.Select(o => o.Text)]);
    }

    private static (string Name, string Text) Option(string text) => (text.Split(':')[0], text);
}
