using System.Net;
using Berth.Engine.Network;

namespace Berth.Agent.ClusterDns;

/// <summary>
/// The dummy interface <c>berth-dns</c> that holds the kube-dns Service's address on the node, as NodeLocal DNSCache's
/// <c>nodelocaldns</c> interface does, so pods reach the node's own name server at that address without any proxy rule.
/// A kernel without the dummy driver (this project's test VMs) gets an empty bridge instead: no port, nothing switched,
/// it only holds the address.
/// </summary>
public static class DnsDummyInterface
{
    public const string Name = "berth-dns";

    /// <summary>Makes the interface (if missing), brings it up and puts <paramref name="address"/>/32 on it; safe to repeat.</summary>
    public static async Task AddAsync(IPAddress address, CancellationToken cancellationToken)
    {
        if (!Exists && (await HostCommand.TryRunAsync("ip", ["link", "add", Name, "type", "dummy"], null, cancellationToken)).ExitCode != 0 && !Exists)
        {
            var bridge = await HostCommand.TryRunAsync("ip", ["link", "add", Name, "type", "bridge"], null, cancellationToken);
            if (bridge.ExitCode != 0 && !Exists)
            {
                throw new BerthException($"cannot make the interface {Name}: {bridge.Stderr.Trim()}");
            }
        }
        await HostCommand.RunAsync($"cannot bring up {Name}", "ip", ["link", "set", Name, "up"], null, cancellationToken);
        await HostCommand.RunAsync($"cannot put {address} on {Name}", "ip", ["addr", "replace", $"{address}/{Prefix(address)}", "dev", Name], null, cancellationToken);
    }

    /// <summary>Takes <paramref name="address"/> off the interface, and the interface away once it holds no other; safe to repeat.</summary>
    public static async Task RemoveAsync(IPAddress address, CancellationToken cancellationToken)
    {
        await HostCommand.TryRunAsync("ip", ["addr", "del", $"{address}/{Prefix(address)}", "dev", Name], null, cancellationToken);
        var left = await HostCommand.TryRunAsync("ip", ["-o", "addr", "show", "dev", Name, "scope", "global"], null, cancellationToken);
        if (left.ExitCode == 0 && string.IsNullOrWhiteSpace(left.Stdout))
        {
            await HostCommand.TryRunAsync("ip", ["link", "del", Name], null, cancellationToken);
        }
    }

    private static bool Exists => Directory.Exists($"/sys/class/net/{Name}");

    private static int Prefix(IPAddress address) => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
}
