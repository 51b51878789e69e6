using System.Text;

namespace Berth.Agent.Networking;

/// <summary>
/// The node's outbound masquerade in a table of its own (ip berth-pods-NODE): what this node's pods send outside every
/// node's pod CIDR leaves with the node's address; traffic to pods anywhere in the cluster keeps the pod's address, as
/// flannel's rules keep it. Each change rewrites the small table in one transaction (<see cref="OwnedNftTable"/>); stopping removes it.
/// </summary>
public sealed class PodMasquerade(string table)
{
    private readonly OwnedNftTable _table = new(table, "pod masquerade rules");

    public string Table => table;

    public Task ApplyAsync(string podCidr, IReadOnlyList<string> clusterPodCidrs, CancellationToken cancellationToken) =>
        _table.ReplaceAsync(Script(podCidr, clusterPodCidrs), cancellationToken);

    /// <summary>Deletes the table; safe when it is already gone.</summary>
    public Task RemoveAsync(CancellationToken cancellationToken) => _table.RemoveAsync(cancellationToken);

    /// <summary>The whole table, replacing what was there (the empty declaration makes the delete safe on a first write).</summary>
    public string Script(string podCidr, IReadOnlyList<string> clusterPodCidrs)
    {
        var text = new StringBuilder();
        text.Append("table ip ").Append(table).Append(" {}\n");
        text.Append("delete table ip ").Append(table).Append('\n');
        text.Append("table ip ").Append(table).Append(" {\n");
        text.Append("\tset pod-cidrs {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\tauto-merge\n");
        text.Append("\t\telements = { ").AppendJoin(", ", clusterPodCidrs.Append(podCidr).Distinct()).Append(" }\n\t}\n");
        text.Append("\tchain postrouting {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n");
        text.Append("\t\tip saddr ").Append(podCidr).Append(" ip daddr != @pod-cidrs ip daddr != 224.0.0.0/4 masquerade\n");
        text.Append("\t}\n}\n");
        return text.ToString();
    }
}
