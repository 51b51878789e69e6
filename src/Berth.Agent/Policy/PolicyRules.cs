using System.Security.Cryptography;
using System.Text;

namespace Berth.Agent.Policy;

/// <summary>
/// The pure half of network policy: isolated pods → the whole table that enforces them, written in one transaction.
/// One forward chain (after the Service proxy's DNAT, so policies see the chosen pod) lets replies of allowed
/// connections through, then sends a packet from an isolated pod to its <c>egress-POD</c> chain and one to an isolated
/// pod to its <c>ingress-POD</c> chain; each allows its matches and drops the rest. Traffic between a pod and its own
/// node passes the input and output hooks, not forward, so it is never filtered (kubelet's probes, the node's DNS).
/// </summary>
public static class PolicyRules
{
    public static string Script(string table, IReadOnlyList<IsolatedPod> pods)
    {
        var text = new StringBuilder();
        // The empty declaration makes the delete safe on a first write.
        text.Append($"table ip {table} {{}}\ndelete table ip {table}\ntable ip {table} {{\n");
        text.Append("\tchain forward {\n\t\ttype filter hook forward priority filter; policy accept;\n");
        text.Append("\t\tct state established,related accept\n");
        Dispatch(text, "saddr", "egress", pods.Where(p => p.Egress is not null));
        Dispatch(text, "daddr", "ingress", pods.Where(p => p.Ingress is not null));
        text.Append("\t}\n");
        foreach (var pod in pods)
        {
            // Egress returns to the forward chain, so a packet between two isolated pods is held to the receiver's ingress too.
            Chain(text, "egress", pod, pod.Egress, "daddr", "return");
            Chain(text, "ingress", pod, pod.Ingress, "saddr", "accept");
        }
        text.Append("}\n");
        return text.ToString();
    }

    private static void Dispatch(StringBuilder text, string address, string direction, IEnumerable<IsolatedPod> pods)
    {
        var elements = pods.Select(p => $"{p.Ip} : jump {ChainName(direction, p)}").ToList();
        if (elements.Count > 0)
        {
            text.Append($"\t\tip {address} vmap {{ {string.Join(", ", elements)} }}\n");
        }
    }

    private static void Chain(StringBuilder text, string direction, IsolatedPod pod, IReadOnlyList<PolicyMatch>? matches, string peerAddress, string verdict)
    {
        if (matches is null)
        {
            return;
        }
        text.Append($"\tchain {ChainName(direction, pod)} {{\n");
        foreach (var rule in matches.Select(m => Rule(m, peerAddress)).Distinct())
        {
            text.Append("\t\t").Append(rule).Append(' ').Append(verdict).Append('\n');
        }
        text.Append("\t\tdrop\n\t}\n");
    }

    /// <summary>The conditions of one match; an empty string matches everything.</summary>
    internal static string Rule(PolicyMatch match, string peerAddress)
    {
        var parts = new List<string>();
        if (match.Addresses is { } addresses)
        {
            parts.Add($"ip {peerAddress} {{ {string.Join(", ", addresses)} }}");
        }
        if (match.Except.Count > 0)
        {
            parts.Add($"ip {peerAddress} != {{ {string.Join(", ", match.Except)} }}");
        }
        if (match.Port is { } port)
        {
            parts.Add($"meta l4proto {port.Protocol}");
            if (port.Number is { } number)
            {
                parts.Add(port.EndPort is { } end && end > number ? $"th dport {number}-{end}" : $"th dport {number}");
            }
        }
        return string.Join(' ', parts);
    }

    /// <summary>ingress-NAMESPACE/POD: readable in <c>nft list</c>, cut with a hash where a long name would pass nft's limit.</summary>
    private static string ChainName(string direction, IsolatedPod pod)
    {
        var id = $"{pod.Namespace}/{pod.Name}";
        if (id.Length > 200)
        {
            id = id[..191] + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..8];
        }
        return $"{direction}-{id}";
    }
}
