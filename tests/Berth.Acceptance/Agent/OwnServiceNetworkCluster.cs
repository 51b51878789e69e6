using Berth.Acceptance.Registry;

namespace Berth.Acceptance.Agent;

/// <summary>
/// An <see cref="AgentCluster"/> with a service CIDR of its own (10.N.0.0/16), so its `kubernetes` Service (10.N.0.1)
/// and cluster DNS (10.N.0.10) are apart from any other server's 10.43.0.1 and 10.43.0.10 on this host: what its pods
/// reach there is its own. Disposing takes the DNS address off the berth-dns interface (and the interface away when
/// empty) even when the server did not stop cleanly.
/// </summary>
public abstract class OwnServiceNetworkCluster : AgentCluster
{
    /// <summary>N, the second octet of the service CIDR, one per fixture class.</summary>
    protected abstract int ServiceNetwork { get; }

    public string KubeDnsAddress => $"10.{ServiceNetwork}.0.10";

    public string KubernetesServiceAddress => $"10.{ServiceNetwork}.0.1";

    protected override IEnumerable<string> ServerArguments => ["--service-cidr", $"10.{ServiceNetwork}.0.0/16"];

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await DockerRegistry.TryRunAsync("ip", "addr", "del", $"{KubeDnsAddress}/32", "dev", "berth-dns");
            if (HostTraces.InterfaceExists("berth-dns") && (await DockerRegistry.TryRunAsync("ip", "-o", "addr", "show", "dev", "berth-dns", "scope", "global")).Stdout.Trim() == "")
            {
                await DockerRegistry.TryRunAsync("ip", "link", "del", "berth-dns");
            }
        }
    }
}

/// <summary>The cluster of <see cref="ClusterDnsTests"/>: kube-dns is 10.153.0.10.</summary>
public sealed class ClusterDnsCluster : OwnServiceNetworkCluster
{
    protected override int ServiceNetwork => 153;
}

/// <summary>The cluster of <see cref="PodEnvironmentTests"/>: its pods' in-cluster clients dial 10.156.0.1.</summary>
public sealed class InClusterApiCluster : OwnServiceNetworkCluster
{
    protected override int ServiceNetwork => 156;
}
