using Berth.Client.Selectors;
using k8s.Models;

namespace Berth.Controllers.ClusterRoleAggregation;

/// <summary>
/// The rules an aggregated ClusterRole holds: for each of its clusterRoleSelectors in order, the rules of
/// every other ClusterRole it selects, by name, each rule once — kube's clusterrole-aggregation order,
/// so the result is stable and a role rewritten only when its sources change.
/// </summary>
public static class AggregatedRules
{
    public static IReadOnlyList<V1PolicyRule> For(V1ClusterRole role, IEnumerable<V1ClusterRole> all)
    {
        var candidates = all.Where(r => r.Metadata.Name != role.Metadata.Name).OrderBy(r => r.Metadata.Name, StringComparer.Ordinal).ToList();
        var rules = new List<V1PolicyRule>();
        foreach (var selector in role.AggregationRule?.ClusterRoleSelectors ?? [])
        {
            var matches = LabelSelector.From(selector);
            foreach (var source in candidates.Where(r => matches.Matches(r.Metadata.Labels)))
            {
                rules.AddRange((source.Rules ?? []).Where(rule => !rules.Any(held => SameRule(held, rule))));
            }
        }
        return rules;
    }

    /// <summary>Whether two rule lists are the same, in order (nil and empty lists alike, as kube's semantic equality).</summary>
    public static bool SameRules(IList<V1PolicyRule>? a, IReadOnlyList<V1PolicyRule> b) =>
        (a?.Count ?? 0) == b.Count && (a ?? []).Zip(b).All(pair => SameRule(pair.First, pair.Second));

    private static bool SameRule(V1PolicyRule a, V1PolicyRule b) =>
        Same(a.Verbs, b.Verbs) && Same(a.ApiGroups, b.ApiGroups) && Same(a.Resources, b.Resources)
        && Same(a.ResourceNames, b.ResourceNames) && Same(a.NonResourceURLs, b.NonResourceURLs);

    private static bool Same(IList<string>? a, IList<string>? b) => (a ?? []).SequenceEqual(b ?? []);
}
