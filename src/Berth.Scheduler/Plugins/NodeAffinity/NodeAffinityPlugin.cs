using Berth.Client.Scheduling;
using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins.NodeAffinity;

/// <summary>
/// Filter: the node must match the pod's nodeSelector and required node affinity; a required term
/// on <c>metadata.name</c> narrows the nodes examined at PreFilter (DaemonSet pods). Score: the
/// weights of the preferred terms the node matches, scaled so the best node gets 100.
/// </summary>
public sealed class NodeAffinityPlugin : IFilterPlugin, IScorePlugin
{
    public const string Reason = "node(s) didn't match Pod's node affinity/selector";
    public const string ReasonConflict = "pod affinity terms conflict";

    private static readonly Status Mismatch = Status.Unresolvable(Reason);

    public string Name => "NodeAffinity";

    public PreFilterResult PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot)
    {
        var required = RequiredNodeAffinity.Of(pod.Pod);
        if (required.IsAnywhere)
        {
            return PreFilterResult.Skip;
        }
        state.Write(CycleSlots.NodeAffinityFilter, new Required(required));
        var terms = pod.Pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        if (terms is not { Count: > 0 })
        {
            return PreFilterResult.Success;
        }
        HashSet<string>? nodeNames = null;
        foreach (var term in terms)
        {
            HashSet<string>? termNames = null;
            foreach (var field in term.MatchFields ?? [])
            {
                if (field.Key == "metadata.name" && field.OperatorProperty == "In")
                {
                    var values = new HashSet<string>(field.Values ?? [], StringComparer.Ordinal);
                    if (termNames is null)
                    {
                        termNames = values;
                    }
                    else
                    {
                        termNames.IntersectWith(values);
                    }
                }
            }
            if (termNames is null)
            {
                // A term without a name requirement allows any node: the terms are ORed.
                return PreFilterResult.Success;
            }
            nodeNames ??= new HashSet<string>(StringComparer.Ordinal);
            nodeNames.UnionWith(termNames);
        }
        return nodeNames is { Count: 0 } ? new PreFilterResult(Status.Unresolvable(ReasonConflict)) : new PreFilterResult(Status.Success, nodeNames);
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node) =>
        state.Read<Required>(CycleSlots.NodeAffinityFilter)!.Affinity.Matches(node.Labels, node.Name) ? Status.Success : Mismatch;

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, ClusterSnapshot snapshot)
    {
        var preferred = PreferredSchedulingTerms.From(pod.Pod.Spec?.Affinity?.NodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution);
        if (preferred.IsEmpty)
        {
            return Status.Skip;
        }
        state.Write(CycleSlots.NodeAffinityScore, new Preferred(preferred));
        return Status.Success;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot) =>
        state.Read<Preferred>(CycleSlots.NodeAffinityScore)!.Terms.Score(node.Node!);

    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores) => ScoreNormalization.ToMax(scores, reverse: false);

    private sealed record Required(RequiredNodeAffinity Affinity) : ICycleData
    {
        public ICycleData Copy() => this;
    }

    private sealed record Preferred(PreferredSchedulingTerms Terms) : ICycleData
    {
        public ICycleData Copy() => this;
    }
}
