using Berth.Acceptance.Registry;

namespace Berth.Acceptance.Agent;

/// <summary>
/// An <see cref="AgentCluster"/> whose cluster DNS listens on an address of its own (service CIDR 10.153.0.0/16, so
/// kube-dns is 10.153.0.10), apart from any other server's 10.43.0.10 on this host. Disposing takes the address off
/// the berth-dns interface (and the interface away when empty) even when the server did not stop cleanly.
/// </summary>
public sealed class ClusterDnsCluster : AgentCluster
{
    public const string DnsAddress = "10.153.0.10";

    protected override IEnumerable<string> ServerArguments => ["--service-cidr", "10.153.0.0/16"];

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await DockerRegistry.TryRunAsync("ip", "addr", "del", $"{DnsAddress}/32", "dev", "berth-dns");
            if (HostTraces.InterfaceExists("berth-dns") && (await DockerRegistry.TryRunAsync("ip", "-o", "addr", "show", "dev", "berth-dns", "scope", "global")).Stdout.Trim() == "")
            {
                await DockerRegistry.TryRunAsync("ip", "link", "del", "berth-dns");
            }
        }
    }
}
