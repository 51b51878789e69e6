using System.Text;

namespace Berth.Agent.Proxy;

/// <summary>
/// The <c>nft -f</c> transactions of the proxy's table. <see cref="Full"/> replaces the whole table (start, and after
/// an error); <see cref="Incremental"/> writes only the chains, elements and sets that differ between two rulesets,
/// so one endpoint change among thousands of Services is a few lines. Either applies atomically or not at all.
/// </summary>
/// <remarks>
/// table ip TABLE
///   maps            service-ips, service-nodeports (dispatch), no-endpoint-services, no-endpoint-nodeports (reject)
///   nat-prerouting  hook prerouting dstnat → services;  nat-output  hook output → services
///   services        daddr·proto·dport vmap @service-ips; to a local address: proto·dport vmap @service-nodeports
///   filter-*        new connections to a port without endpoints: vmap @no-endpoint-* (reject-chain or drop)
///   reject-chain    TCP gets a reset: since Linux 6.5 a connecting socket takes an ICMP unreachable as a soft error
///                   and gives up only at the SYN's retransmit a second later (RFC 5461); other protocols get ICMP
///   nat-postrouting masquerade what mark-for-masquerade marked (traffic from outside the pod bridge, hairpin)
/// </remarks>
public static class NftScript
{
    /// <summary>kube-proxy's masquerade bit.</summary>
    private const string MasqueradeMark = "0x4000";

    /// <summary>Deletes the table if present and writes it anew with every rule.</summary>
    public static string Full(string table, NftRuleset ruleset) =>
        $"add table ip {table}\ndelete table ip {table}\n" + Skeleton(table) + Incremental(table, NftRuleset.Empty, ruleset);

    public static string Incremental(string table, NftRuleset from, NftRuleset to)
    {
        var script = new StringBuilder();
        foreach (var set in to.AffinitySets.Where(s => !from.AffinitySets.Contains(s)))
        {
            script.Append($"add set ip {table} {set} {{ type ipv4_addr; flags dynamic,timeout; }}\n");
        }
        var written = to.Chains.Where(c => !from.Chains.TryGetValue(c.Key, out var old) || !old.SequenceEqual(c.Value)).ToList();
        // Every chain exists before any rule names it; a changed chain is flushed and written again.
        foreach (var (chain, _) in written)
        {
            script.Append($"add chain ip {table} {chain}\n");
            if (from.Chains.ContainsKey(chain))
            {
                script.Append($"flush chain ip {table} {chain}\n");
            }
        }
        foreach (var (chain, rules) in written)
        {
            foreach (var rule in rules)
            {
                script.Append($"add rule ip {table} {chain} {rule}\n");
            }
        }
        foreach (var map in NftRuleset.MapNames)
        {
            var old = from.Maps[map];
            var current = to.Maps[map];
            foreach (var (key, _) in old.Where(e => !current.TryGetValue(e.Key, out var verdict) || verdict != e.Value))
            {
                script.Append($"delete element ip {table} {map} {{ {key} }}\n");
            }
            foreach (var (key, verdict) in current.Where(e => !old.TryGetValue(e.Key, out var was) || was != e.Value))
            {
                script.Append($"add element ip {table} {map} {{ {key} : {verdict} }}\n");
            }
        }
        // Chains go once nothing jumps to them: all are flushed before any is deleted.
        var removed = from.Chains.Keys.Where(c => !to.Chains.ContainsKey(c)).ToList();
        removed.ForEach(chain => script.Append($"flush chain ip {table} {chain}\n"));
        removed.ForEach(chain => script.Append($"delete chain ip {table} {chain}\n"));
        foreach (var set in from.AffinitySets.Where(s => !to.AffinitySets.Contains(s)))
        {
            script.Append($"delete set ip {table} {set}\n");
        }
        return script.ToString();
    }

    private static string Skeleton(string table) => $$"""
        table ip {{table}} {
            map {{NftRuleset.ServiceIps}} { type ipv4_addr . inet_proto . inet_service : verdict; }
            map {{NftRuleset.ServiceNodePorts}} { type inet_proto . inet_service : verdict; }
            map {{NftRuleset.NoEndpointServices}} { type ipv4_addr . inet_proto . inet_service : verdict; }
            map {{NftRuleset.NoEndpointNodePorts}} { type inet_proto . inet_service : verdict; }
            chain reject-chain {
                meta l4proto tcp reject with tcp reset
                reject
            }
            chain endpoints-check {
                ip daddr . meta l4proto . th dport vmap @{{NftRuleset.NoEndpointServices}}
                fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @{{NftRuleset.NoEndpointNodePorts}}
            }
            chain filter-input {
                type filter hook input priority -110; policy accept;
                ct state new jump endpoints-check
            }
            chain filter-forward {
                type filter hook forward priority -110; policy accept;
                ct state new jump endpoints-check
            }
            chain filter-output {
                type filter hook output priority -110; policy accept;
                ct state new jump endpoints-check
            }
            chain services {
                ip daddr . meta l4proto . th dport vmap @{{NftRuleset.ServiceIps}}
                fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @{{NftRuleset.ServiceNodePorts}}
            }
            chain nat-prerouting {
                type nat hook prerouting priority dstnat; policy accept;
                jump services
            }
            chain nat-output {
                type nat hook output priority -100; policy accept;
                jump services
            }
            chain mark-for-masquerade {
                meta mark set meta mark | {{MasqueradeMark}}
            }
            chain nat-postrouting {
                type nat hook postrouting priority srcnat; policy accept;
                meta mark & {{MasqueradeMark}} == 0 return
                meta mark set meta mark ^ {{MasqueradeMark}}
                masquerade fully-random
            }
        }

        """;
}
