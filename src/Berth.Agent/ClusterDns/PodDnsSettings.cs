using Berth.Engine.Networks.Dns;
using k8s.Models;

namespace Berth.Agent.ClusterDns;

/// <summary>The node's DNS settings for its pods: kubelet's --cluster-dns, --cluster-domain and --resolv-conf.</summary>
public sealed record PodDnsSettings(IReadOnlyList<string> ClusterDns, string ClusterDomain, string HostResolvConf = "/etc/resolv.conf")
{
    /// <summary>The pod's resolv.conf, with the host's file as it is now.</summary>
    public ResolvConf For(V1Pod pod) => PodResolvConf.For(pod, ClusterDns, ClusterDomain, ResolvConf.Read(HostResolvConf));
}
