using k8s.Models;

namespace Berth.Client.Scheduling;

/// <summary>
/// A pod's preferred node affinity (component-helpers nodeaffinity.PreferredSchedulingTerms): a
/// node's score is the sum of the weights of the terms it matches; terms of weight 0, empty terms
/// and terms that do not parse count for nothing.
/// </summary>
public sealed class PreferredSchedulingTerms
{
    private readonly (NodeSelectorTermMatcher Term, int Weight)[] _terms;

    private PreferredSchedulingTerms((NodeSelectorTermMatcher, int)[] terms) => _terms = terms;

    public static PreferredSchedulingTerms From(IEnumerable<V1PreferredSchedulingTerm>? terms) =>
        new([.. (terms ?? [])
            .Where(t => t.Weight != 0 && !NodeSelectorTermMatcher.IsEmpty(t.Preference))
            .Select(t => (NodeSelectorTermMatcher.From(t.Preference), t.Weight))
            .Where(t => t.Item1.IsValid)]);

    public bool IsEmpty => _terms.Length == 0;

    public long Score(V1Node node)
    {
        long score = 0;
        foreach (var (term, weight) in _terms)
        {
            if (term.Matches(node))
            {
                score += weight;
            }
        }
        return score;
    }
}
