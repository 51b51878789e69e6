namespace Berth.Engine.Network;

/// <summary>Where <see cref="CniContainerNetwork"/> finds plugins and puts namespaces; the defaults suit a host.</summary>
public sealed record CniNetworkOptions
{
    public IReadOnlyList<string> PluginDirectories { get; init; } = ["/usr/lib/cni"];

    /// <summary>Where namespaces are bound as berth-ID, so `ip netns exec berth-ID …` works on them.</summary>
    public string NamespaceDirectory { get; init; } = "/run/netns";

    /// <summary>The container's interface on the bridge.</summary>
    public string InterfaceName { get; init; } = "eth0";

    /// <summary>
    /// Where host-local keeps its address reservations for the generated conflist: one directory per
    /// bridge (IPAM_DIRECTORY/BRIDGE), shared by every engine root on this host, as CNI's
    /// /var/lib/cni/networks is. Two roots on one bridge then never hand out the same address.
    /// </summary>
    public string IpamDirectory { get; init; } = "/var/lib/cni/berth";

    /// <summary>The network written to ROOT/cni/berth.conflist when that file does not exist yet.</summary>
    public BridgeNetworkOptions Bridge { get; init; } = new();
}
