using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// Required pod affinity and anti-affinity (filter) and preferred ones (score), as kube's
/// InterPodAffinity plugin. A node fails when the topology domain it is in has no pod matching all
/// the pod's affinity terms (unless no pod anywhere matches and the pod matches its own terms: the
/// first of a group), has a pod matching an anti-affinity term, or has a pod whose anti-affinity
/// the incoming pod matches. Namespace selectors are read against the namespaces' labels.
/// </summary>
public sealed class InterPodAffinityPlugin : IFilterPlugin, IPodChangeAware, IScorePlugin
{
    public const string ReasonAffinity = "node(s) didn't match pod affinity rules";
    public const string ReasonAntiAffinity = "node(s) didn't match pod anti-affinity rules";
    public const string ReasonExistingAntiAffinity = "node(s) didn't satisfy existing pods anti-affinity rules";

    /// <summary>The weight of an existing pod's required affinity term that the incoming pod matches (hardPodAffinityWeight).</summary>
    public const int HardPodAffinityWeight = 1;

    private static readonly Status AffinityMismatch = Status.Unresolvable(ReasonAffinity);
    private static readonly Status AntiAffinityMismatch = Status.Unschedulable(ReasonAntiAffinity);
    private static readonly Status ExistingAntiAffinityMismatch = Status.Unschedulable(ReasonExistingAntiAffinity);

    public string Name => "InterPodAffinity";

    public PreFilterResult PreFilter(CycleState state, PodInfo pod, ClusterSnapshot snapshot)
    {
        var namespaceLabels = snapshot.NamespaceLabels(pod.Namespace);
        var filter = new AffinityFilterState(pod, namespaceLabels);
        var hasTerms = pod.RequiredAffinityTerms.Count > 0 || pod.RequiredAntiAffinityTerms.Count > 0;
        // Without required terms of its own, only nodes with anti-affinity pods can turn the pod down.
        foreach (var node in hasTerms ? snapshot.Nodes : snapshot.NodesWithPodsWithRequiredAntiAffinity)
        {
            foreach (var existing in node.PodsWithRequiredAntiAffinity)
            {
                filter.ExistingAntiAffinity.AddEachMatching(existing.RequiredAntiAffinityTerms, pod, namespaceLabels, node, 1);
            }
            if (!hasTerms)
            {
                continue;
            }
            foreach (var existing in node.Pods)
            {
                var existingLabels = snapshot.NamespaceLabels(existing.Namespace);
                filter.Affinity.AddIfAllMatch(pod.RequiredAffinityTerms, existing, existingLabels, node, 1);
                filter.AntiAffinity.AddEachMatching(pod.RequiredAntiAffinityTerms, existing, existingLabels, node, 1);
            }
        }
        if (filter.ExistingAntiAffinity.Count == 0 && !hasTerms)
        {
            return PreFilterResult.Skip;
        }
        state.Write(CycleSlots.InterPodAffinityFilter, filter);
        return PreFilterResult.Success;
    }

    public Status Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        var filter = state.Read<AffinityFilterState>(CycleSlots.InterPodAffinityFilter)!;
        if (!SatisfiesAffinity(filter, node))
        {
            return AffinityMismatch;
        }
        if (filter.AntiAffinity.Count > 0)
        {
            foreach (var term in pod.RequiredAntiAffinityTerms)
            {
                if (node.Labels.TryGetValue(term.TopologyKey, out var domain) && filter.AntiAffinity[new TopologyPair(term.TopologyKey, domain)] > 0)
                {
                    return AntiAffinityMismatch;
                }
            }
        }
        if (filter.ExistingAntiAffinity.Count > 0)
        {
            foreach (var (key, value) in node.Labels)
            {
                if (filter.ExistingAntiAffinity[new TopologyPair(key, value)] > 0)
                {
                    return ExistingAntiAffinityMismatch;
                }
            }
        }
        return Status.Success;
    }

    public void AddPod(CycleState state, PodInfo podToSchedule, PodInfo added, NodeInfo node, ClusterSnapshot snapshot) =>
        state.Read<AffinityFilterState>(CycleSlots.InterPodAffinityFilter)?.Update(added, node, snapshot.NamespaceLabels(added.Namespace), 1);

    public void RemovePod(CycleState state, PodInfo podToSchedule, PodInfo removed, NodeInfo node, ClusterSnapshot snapshot) =>
        state.Read<AffinityFilterState>(CycleSlots.InterPodAffinityFilter)?.Update(removed, node, snapshot.NamespaceLabels(removed.Namespace), -1);

    public Status PreScore(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, ClusterSnapshot snapshot)
    {
        if (nodes.Count == 0)
        {
            return Status.Skip;
        }
        var preferred = pod.PreferredAffinityTerms.Count > 0 || pod.PreferredAntiAffinityTerms.Count > 0;
        var scores = new AffinityScores(snapshot.NamespaceLabels(pod.Namespace));
        foreach (var node in preferred ? snapshot.Nodes : snapshot.NodesWithPodsWithAffinity)
        {
            if (node.Labels.Count == 0)
            {
                continue;
            }
            // Without preferred terms of its own, only existing pods with affinity (on those nodes) can score the pod.
            foreach (var existing in preferred ? node.Pods : node.PodsWithAffinity)
            {
                scores.AddExisting(pod, existing, snapshot.NamespaceLabels(existing.Namespace), node);
            }
        }
        if (scores.IsEmpty)
        {
            return Status.Skip;
        }
        state.Write(CycleSlots.InterPodAffinityScore, scores);
        return Status.Success;
    }

    public long Score(CycleState state, PodInfo pod, NodeInfo node, ClusterSnapshot snapshot) =>
        state.Read<AffinityScores>(CycleSlots.InterPodAffinityScore)!.ScoreOf(node);

    /// <summary>Maps the lowest score to 0 and the highest to 100, linearly; all equal → all 0.</summary>
    public void Normalize(CycleState state, PodInfo pod, IReadOnlyList<NodeInfo> nodes, Span<long> scores)
    {
        if (state.Read<AffinityScores>(CycleSlots.InterPodAffinityScore) is null)
        {
            return;
        }
        long min = long.MaxValue;
        long max = long.MinValue;
        foreach (var score in scores)
        {
            min = Math.Min(min, score);
            max = Math.Max(max, score);
        }
        var range = max - min;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = range > 0 ? (long)(IScorePlugin.MaxNodeScore * ((double)(scores[i] - min) / range)) : 0;
        }
    }

    /// <summary>Every term of the pod has its topology key on the node and a matching pod in that domain (or the pod is the first of its group).</summary>
    private static bool SatisfiesAffinity(AffinityFilterState filter, NodeInfo node)
    {
        var pod = filter.Pod;
        var podsExist = true;
        foreach (var term in pod.RequiredAffinityTerms)
        {
            if (!node.Labels.TryGetValue(term.TopologyKey, out var domain))
            {
                return false;
            }
            if (filter.Affinity[new TopologyPair(term.TopologyKey, domain)] <= 0)
            {
                podsExist = false;
            }
        }
        return podsExist || (filter.Affinity.Count == 0 && TopologyCounts.AllMatch(pod.RequiredAffinityTerms, pod, filter.NamespaceLabels));
    }
}
