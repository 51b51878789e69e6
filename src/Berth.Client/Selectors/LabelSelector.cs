using k8s.Models;

namespace Berth.Client.Selectors;

/// <summary>
/// A metav1.LabelSelector as requirements over a label map (k8s.io/apimachinery's
/// LabelSelectorAsSelector): matchLabels are equalities, matchExpressions In/NotIn/Exists/DoesNotExist.
/// A null selector matches nothing and an empty one everything, as for workload selectors.
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<(string Key, string Operator, IReadOnlySet<string> Values)> _requirements;
    private readonly bool _matchesNothing;

    private LabelSelector(IReadOnlyList<(string, string, IReadOnlySet<string>)> requirements, bool matchesNothing)
    {
        _requirements = requirements;
        _matchesNothing = matchesNothing;
    }

    public static LabelSelector Nothing { get; } = new([], matchesNothing: true);

    public static LabelSelector From(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }
        var requirements = new List<(string, string, IReadOnlySet<string>)>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            requirements.Add((key, "In", new HashSet<string>(StringComparer.Ordinal) { value }));
        }
        foreach (var expression in selector.MatchExpressions ?? [])
        {
            requirements.Add((expression.Key, expression.OperatorProperty, (expression.Values ?? []).ToHashSet(StringComparer.Ordinal)));
        }
        return new LabelSelector(requirements, matchesNothing: false);
    }

    /// <summary>A map selector (a Service's or ReplicationController's): every pair must match; empty matches nothing.</summary>
    public static LabelSelector FromMap(IDictionary<string, string>? labels) =>
        labels is null || labels.Count == 0 ? Nothing : From(new V1LabelSelector { MatchLabels = labels });

    public bool IsEverything => !_matchesNothing && _requirements.Count == 0;

    public bool Matches(IDictionary<string, string>? labels)
    {
        if (_matchesNothing)
        {
            return false;
        }
        foreach (var (key, op, values) in _requirements)
        {
            string? actual = null;
            var present = labels is not null && labels.TryGetValue(key, out actual);
            var holds = op switch
            {
                "In" => present && values.Contains(actual!),
                "NotIn" => !present || !values.Contains(actual!),
                "Exists" => present,
                "DoesNotExist" => !present,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The query-string form (<c>app=web,tier in (a,b)</c>) for a list's labelSelector.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.Operator switch
    {
        "In" when r.Values.Count == 1 => $"{r.Key}={r.Values.First()}",
        "In" => $"{r.Key} in ({string.Join(",", r.Values.Order(StringComparer.Ordinal))})",
        "NotIn" => $"{r.Key} notin ({string.Join(",", r.Values.Order(StringComparer.Ordinal))})",
        "Exists" => r.Key,
        _ => $"!{r.Key}",
    }));
}
