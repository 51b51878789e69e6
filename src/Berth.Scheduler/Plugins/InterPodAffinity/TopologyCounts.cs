using Berth.Scheduler.Framework;

namespace Berth.Scheduler.Plugins.InterPodAffinity;

/// <summary>Matching pods counted per topology domain (interpodaffinity's topologyToMatchedTermCount); a count of 0 is removed.</summary>
internal sealed class TopologyCounts
{
    private readonly Dictionary<TopologyPair, long> _counts = [];

    public int Count => _counts.Count;

    public long this[TopologyPair pair] => _counts.GetValueOrDefault(pair);

    public IEnumerable<TopologyPair> Pairs => _counts.Keys;

    /// <summary>Adds <paramref name="value"/> to the domain of <paramref name="node"/> for <paramref name="key"/>, when the node has that label.</summary>
    public void Add(NodeInfo node, string key, long value)
    {
        if (!node.Labels.TryGetValue(key, out var domain))
        {
            return;
        }
        var pair = new TopologyPair(key, domain);
        var count = _counts.GetValueOrDefault(pair) + value;
        if (count == 0)
        {
            _counts.Remove(pair);
        }
        else
        {
            _counts[pair] = count;
        }
    }

    /// <summary>When <paramref name="pod"/> matches every term, counts it in each term's domain of <paramref name="node"/>.</summary>
    public void AddIfAllMatch(IReadOnlyList<AffinityTerm> terms, PodInfo pod, IDictionary<string, string>? namespaceLabels, NodeInfo node, long value)
    {
        if (AllMatch(terms, pod, namespaceLabels))
        {
            foreach (var term in terms)
            {
                Add(node, term.TopologyKey, value);
            }
        }
    }

    /// <summary>Counts <paramref name="pod"/> in the domain of <paramref name="node"/> of each term it matches.</summary>
    public void AddEachMatching(IReadOnlyList<AffinityTerm> terms, PodInfo pod, IDictionary<string, string>? namespaceLabels, NodeInfo node, long value)
    {
        foreach (var term in terms)
        {
            if (term.Matches(pod, namespaceLabels))
            {
                Add(node, term.TopologyKey, value);
            }
        }
    }

    public TopologyCounts Clone()
    {
        var copy = new TopologyCounts();
        foreach (var (pair, count) in _counts)
        {
            copy._counts[pair] = count;
        }
        return copy;
    }

    /// <summary>True when there are terms and the pod matches all of them (podMatchesAllAffinityTerms).</summary>
    public static bool AllMatch(IReadOnlyList<AffinityTerm> terms, PodInfo pod, IDictionary<string, string>? namespaceLabels)
    {
        if (terms.Count == 0)
        {
            return false;
        }
        foreach (var term in terms)
        {
            if (!term.Matches(pod, namespaceLabels))
            {
                return false;
            }
        }
        return true;
    }
}
