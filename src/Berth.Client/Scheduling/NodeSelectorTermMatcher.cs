using System.Globalization;
using Berth.Client.Selectors;
using k8s.Models;

namespace Berth.Client.Scheduling;

/// <summary>
/// One parsed NodeSelectorTerm (k8s.io/component-helpers nodeaffinity): its matchExpressions are
/// requirements on the node's labels (In, NotIn, Exists, DoesNotExist, Gt, Lt) and its matchFields
/// requirements on <c>metadata.name</c> (In, NotIn), all ANDed. A term that does not parse (an
/// unknown operator, a Gt without one integer, an empty In…) never matches, as kube treats it.
/// </summary>
public sealed class NodeSelectorTermMatcher
{
    private readonly (string Key, string Operator, string[] Values)[] _labels;
    private readonly (string Operator, string[] Values)[] _names;

    private NodeSelectorTermMatcher((string, string, string[])[] labels, (string, string[])[] names, bool valid)
    {
        _labels = labels;
        _names = names;
        IsValid = valid;
    }

    /// <summary>False when a requirement does not parse: the term then matches no node.</summary>
    public bool IsValid { get; }

    /// <summary>A term with neither expressions nor fields (it selects nothing and is skipped by the callers).</summary>
    public static bool IsEmpty(V1NodeSelectorTerm? term) =>
        term is null || ((term.MatchExpressions?.Count ?? 0) == 0 && (term.MatchFields?.Count ?? 0) == 0);

    public static NodeSelectorTermMatcher From(V1NodeSelectorTerm term)
    {
        var valid = true;
        var labels = new List<(string, string, string[])>();
        foreach (var requirement in term.MatchExpressions ?? [])
        {
            var values = requirement.Values?.ToArray() ?? [];
            valid &= IsValidLabelRequirement(requirement.Key ?? "", requirement.OperatorProperty, values);
            labels.Add((requirement.Key ?? "", requirement.OperatorProperty ?? "", values));
        }
        var names = new List<(string, string[])>();
        foreach (var requirement in term.MatchFields ?? [])
        {
            var values = requirement.Values?.ToArray() ?? [];
            valid &= requirement.Key == "metadata.name" && requirement.OperatorProperty is "In" or "NotIn" && values.Length == 1;
            names.Add((requirement.OperatorProperty ?? "", values));
        }
        return new NodeSelectorTermMatcher([.. labels], [.. names], valid);
    }

    public bool Matches(V1Node node) => Matches(node.Metadata.Labels, node.Metadata.Name);

    public bool Matches(IDictionary<string, string>? labels, string? nodeName)
    {
        if (!IsValid)
        {
            return false;
        }
        foreach (var (key, op, values) in _labels)
        {
            string? value = null;
            var present = labels is not null && labels.TryGetValue(key, out value);
            if (!LabelRequirementHolds(op, values, present ? value : null))
            {
                return false;
            }
        }
        if (string.IsNullOrEmpty(nodeName))
        {
            // kube matches fields only on a node that has a name.
            return true;
        }
        foreach (var (op, values) in _names)
        {
            var listed = Array.IndexOf(values, nodeName) >= 0;
            if (listed != (op == "In"))
            {
                return false;
            }
        }
        return true;
    }

    private static bool LabelRequirementHolds(string op, string[] values, string? actual) => op switch
    {
        "In" => actual is not null && Array.IndexOf(values, actual) >= 0,
        "NotIn" => actual is null || Array.IndexOf(values, actual) < 0,
        "Exists" => actual is not null,
        "DoesNotExist" => actual is null,
        "Gt" => actual is not null && long.TryParse(actual, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var gt) && gt > long.Parse(values[0], CultureInfo.InvariantCulture),
        "Lt" => actual is not null && long.TryParse(actual, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var lt) && lt < long.Parse(values[0], CultureInfo.InvariantCulture),
        _ => false,
    };

    /// <summary>The checks of apimachinery's labels.NewRequirement.</summary>
    private static bool IsValidLabelRequirement(string key, string? op, string[] values)
    {
        if (!LabelSelector.IsLabelKey(key))
        {
            return false;
        }
        return op switch
        {
            "In" or "NotIn" => values.Length > 0 && values.All(LabelSelector.IsLabelValue),
            "Exists" or "DoesNotExist" => values.Length == 0,
            "Gt" or "Lt" => values.Length == 1 && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            _ => false,
        };
    }
}
