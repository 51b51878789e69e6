using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins.InterPodAffinity;

/// <summary>
/// InterPodAffinity's PreScore data: a score per topology domain, from the incoming pod's preferred
/// terms matched by existing pods (+weight, −weight for anti-affinity) and the existing pods'
/// required (+1) and preferred terms matched by the incoming pod.
/// </summary>
internal sealed class AffinityScores(IDictionary<string, string>? namespaceLabels) : ICycleData
{
    private readonly Dictionary<string, Dictionary<string, long>> _byKey = new(StringComparer.Ordinal);

    public bool IsEmpty => _byKey.Count == 0;

    public void AddExisting(PodInfo pod, PodInfo existing, IDictionary<string, string>? existingNamespaceLabels, NodeInfo node)
    {
        foreach (var (term, weight) in pod.PreferredAffinityTerms)
        {
            AddIfMatches(term, weight, existing, existingNamespaceLabels, node);
        }
        foreach (var (term, weight) in pod.PreferredAntiAffinityTerms)
        {
            AddIfMatches(term, -weight, existing, existingNamespaceLabels, node);
        }
        foreach (var term in existing.RequiredAffinityTerms)
        {
            AddIfMatches(term, InterPodAffinityPlugin.HardPodAffinityWeight, pod, namespaceLabels, node);
        }
        foreach (var (term, weight) in existing.PreferredAffinityTerms)
        {
            AddIfMatches(term, weight, pod, namespaceLabels, node);
        }
        foreach (var (term, weight) in existing.PreferredAntiAffinityTerms)
        {
            AddIfMatches(term, -weight, pod, namespaceLabels, node);
        }
    }

    public long ScoreOf(NodeInfo node)
    {
        long score = 0;
        foreach (var (key, domains) in _byKey)
        {
            if (node.Labels.TryGetValue(key, out var domain))
            {
                score += domains.GetValueOrDefault(domain);
            }
        }
        return score;
    }

    public ICycleData Copy() => this;

    private void AddIfMatches(AffinityTerm term, int weight, PodInfo target, IDictionary<string, string>? targetNamespaceLabels, NodeInfo node)
    {
        if (!term.Matches(target, targetNamespaceLabels) || !node.Labels.TryGetValue(term.TopologyKey, out var domain))
        {
            return;
        }
        if (!_byKey.TryGetValue(term.TopologyKey, out var domains))
        {
            _byKey[term.TopologyKey] = domains = new Dictionary<string, long>(StringComparer.Ordinal);
        }
        domains[domain] = domains.GetValueOrDefault(domain) + weight;
    }
}
