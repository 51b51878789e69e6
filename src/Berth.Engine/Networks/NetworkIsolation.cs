using Berth.Engine.Network;
using Berth.Engine.Store;

namespace Berth.Engine.Networks;

/// <summary>
/// Keeps user networks apart, as Docker's isolation chains do: the nftables table <c>ip berth</c> (host-wide,
/// shared by every engine root) drops forwarded traffic between the bridge of a user network and any other
/// Berth bridge, and everything routed in or out of an internal network. Published ports stay reachable from
/// every network (DNAT'ed connections are accepted first). The table goes with the last user network.
/// </summary>
/// <remarks>
/// table ip berth
///   set bridges      every user network's bridge (and the default bridge, so it is kept apart too)
///   map networks     bridge → jump to that network's chain
///   chain forward    hook forward: ct status dnat accept; iifname vmap @networks; oifname vmap @networks
///   chain BRIDGE     same bridge: accept; from or to another bridge of the set: drop; internal: drop
/// </remarks>
public sealed class NetworkIsolation(string lockDirectory)
{
    public const string Table = "berth";

    public async Task AddAsync(NetworkRecord network, string defaultBridge, CancellationToken cancellationToken = default)
    {
        using var held = await LockAsync(cancellationToken);
        var exists = (await HostCommand.TryRunAsync("nft", ["list", "table", "ip", Table], null, cancellationToken)).ExitCode == 0;
        var bridge = Quote(network.BridgeName);
        var script = (exists ? "" : $$"""
            table ip {{Table}} {
                set bridges { type ifname; }
                map networks { type ifname : verdict; }
                chain forward {
                    type filter hook forward priority filter - 1; policy accept;
                    ct status dnat accept
                    iifname vmap @networks
                    oifname vmap @networks
                }
            }

            """) + $$"""
            add chain ip {{Table}} {{network.BridgeName}}
            flush chain ip {{Table}} {{network.BridgeName}}
            add rule ip {{Table}} {{network.BridgeName}} iifname {{bridge}} oifname {{bridge}} accept
            add rule ip {{Table}} {{network.BridgeName}} iifname @bridges oifname @bridges drop
            {{(network.Internal ? $"add rule ip {Table} {network.BridgeName} drop\n" : "")}}add element ip {{Table}} bridges { {{bridge}}, {{Quote(defaultBridge)}} }
            add element ip {{Table}} networks { {{bridge}} : jump {{network.BridgeName}} }

            """;
        await HostCommand.RunAsync($"cannot isolate network {network.Name}", "nft", ["-f", "-"], script, cancellationToken);
    }

    /// <summary>Removes the network's chain and elements; the whole table once no user network is left. Safe to repeat.</summary>
    public async Task RemoveAsync(NetworkRecord network, CancellationToken cancellationToken = default)
    {
        using var held = await LockAsync(cancellationToken);
        var listing = await HostCommand.TryRunAsync("nft", ["list", "table", "ip", Table], null, cancellationToken);
        if (listing.ExitCode != 0)
        {
            return;
        }
        var bridge = Quote(network.BridgeName);
        if (listing.Stdout.Contains($"chain {network.BridgeName} {{", StringComparison.Ordinal))
        {
            var script = $$"""
                delete element ip {{Table}} networks { {{bridge}} }
                delete element ip {{Table}} bridges { {{bridge}} }
                flush chain ip {{Table}} {{network.BridgeName}}
                delete chain ip {{Table}} {{network.BridgeName}}

                """;
            await HostCommand.RunAsync($"cannot remove the isolation rules of network {network.Name}", "nft", ["-f", "-"], script, cancellationToken);
        }
        var map = await HostCommand.RunAsync("cannot read the isolation rules", "nft", ["list", "map", "ip", Table, "networks"], null, cancellationToken);
        if (!map.Contains("elements", StringComparison.Ordinal))
        {
            await HostCommand.RunAsync("cannot remove the isolation rules", "nft", ["delete", "table", "ip", Table], null, cancellationToken);
        }
    }

    private Task<FileLock> LockAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(lockDirectory);
        return FileLock.AcquireAsync(Path.Combine(lockDirectory, "isolation.lock"), cancellationToken);
    }

    private static string Quote(string interfaceName) => $"\"{interfaceName}\"";
}
