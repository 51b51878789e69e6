using System.Reflection;
using Berth.Engine.Registry;

namespace Berth.Agent;

/// <summary>The settings of one node agent: <c>berth agent</c>, or the agent <c>berth server</c> embeds.</summary>
public sealed record AgentOptions
{
    /// <summary>The kubelet version the node reports (the API server's minor version, as k3s pairs them).</summary>
    public const string KubeletVersion = "v1.32.0";

    public required string NodeName { get; init; }

    /// <summary>Berth's data directory: the engine under engine/, pod state under agent/, pod networking under cni/.</summary>
    public required string DataDir { get; init; }

    /// <summary>What the node keeps for itself (kubelet's --system-reserved): allocatable is capacity minus this.</summary>
    public Nodes.NodeReserve Reserve { get; init; } = Nodes.NodeReserve.Default;

    /// <summary>The most pods this node runs (kubelet's --max-pods).</summary>
    public int MaxPods { get; init; } = 110;

    /// <summary>The InternalIP the node reports; null picks the address of the default route's interface.</summary>
    public string? NodeIp { get; init; }

    /// <summary>Labels added to the Node at registration (the server's node is also a control-plane node).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The duration the node's Lease in kube-node-lease claims (kubelet's --node-lease-duration-seconds).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How often the Lease is renewed: a quarter of its duration, as the kubelet does.</summary>
    public TimeSpan LeaseRenewInterval => LeaseDuration / 4;

    /// <summary>How often node status is computed; it is written when it changed, else every <see cref="NodeStatusReportFrequency"/>.</summary>
    public TimeSpan NodeStatusUpdateFrequency { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan NodeStatusReportFrequency { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The streaming server's port (kubelet's --port, 10250); 0 takes any free port. The Node reports the one it got.</summary>
    public int KubeletPort { get; init; } = 10250;

    /// <summary>The cluster CA (PEM): the streaming server accepts the API server's client certificate signed by it.</summary>
    public string ClusterCaPem { get; init; } = "";

    /// <summary>kubelet's --cluster-dns: the name servers of ClusterFirst pods; the first is served on this node (the kube-dns Service's address).</summary>
    public IReadOnlyList<string> ClusterDns { get; init; } = [DefaultClusterDns];

    /// <summary>The kube-dns Service's address: the 10th of the default service CIDR, as k3s.</summary>
    public const string DefaultClusterDns = "10.43.0.10";

    /// <summary>kubelet's --cluster-domain.</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>kubelet's --resolv-conf: the host's resolvers, for dnsPolicy Default and the names cluster DNS forwards.</summary>
    public string ResolvConf { get; init; } = "/etc/resolv.conf";

    /// <summary>Registry mirrors and credentials for pulls (k3s' --private-registry registries.yaml).</summary>
    public RegistryMirrors RegistryMirrors { get; init; } = RegistryMirrors.None;

    /// <summary>The OCI runtime pods' containers run on (runc, or crun).</summary>
    public string Runtime { get; init; } = "runc";

    /// <summary>The container runtime the node reports: berth://VERSION.</summary>
    public string RuntimeVersion { get; init; } = "berth://" + BerthVersion();

    /// <summary>
    /// The Service proxy's nftables table: one per node name, so agents sharing a host's network (simulated nodes,
    /// tests) never write or delete each other's rules.
    /// </summary>
    public string ProxyTable => $"berth-proxy-{NodeName}";

    /// <summary>The Linux bridge pods attach to, with the node's spec.podCIDR as its subnet.</summary>
    public string PodBridge { get; init; } = DefaultPodBridge;

    public const string DefaultPodBridge = "berth-pods";

    /// <summary>The node's pod masquerade table, one per node name as <see cref="ProxyTable"/>.</summary>
    public string PodMasqueradeTable => $"berth-pods-{NodeName}";

    /// <summary>The node's network policy table, one per node name as <see cref="ProxyTable"/>.</summary>
    public string PolicyTable => $"berth-policy-{NodeName}";

    public string EngineRoot => Path.Combine(DataDir, "engine");

    public string AgentDir => Path.Combine(DataDir, "agent");

    private static string BerthVersion()
    {
        var version = typeof(AgentOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        return version.Split('+')[0];
    }
}
