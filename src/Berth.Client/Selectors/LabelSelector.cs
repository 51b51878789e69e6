using System.Text.RegularExpressions;
using k8s.Models;

namespace Berth.Client.Selectors;

/// <summary>
/// The one label-selector evaluator (k8s.io/apimachinery's labels.Selector): requirements over a
/// label map, made from a metav1.LabelSelector (matchLabels are equalities, matchExpressions
/// In/NotIn/Exists/DoesNotExist) or parsed from the query form (<c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>, joined by commas). A null
/// metav1.LabelSelector matches nothing; an empty one, or an empty query, matches everything.
/// </summary>
public sealed partial class LabelSelector
{
    private readonly IReadOnlyList<(string Key, string Operator, IReadOnlySet<string> Values)> _requirements;
    private readonly bool _matchesNothing;
    private string? _key;

    private LabelSelector(IReadOnlyList<(string, string, IReadOnlySet<string>)> requirements, bool matchesNothing)
    {
        _requirements = requirements;
        _matchesNothing = matchesNothing;
    }

    public static LabelSelector Nothing { get; } = new([], matchesNothing: true);

    public static LabelSelector Everything { get; } = new([], matchesNothing: false);

    public static LabelSelector From(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }
        var requirements = new List<(string, string, IReadOnlySet<string>)>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            requirements.Add((key, "In", Set([value])));
        }
        foreach (var expression in selector.MatchExpressions ?? [])
        {
            requirements.Add((expression.Key, expression.OperatorProperty, Set(expression.Values ?? [])));
        }
        return new LabelSelector(requirements, matchesNothing: false);
    }

    /// <summary>A map selector (a Service's or ReplicationController's): every pair must match; empty matches nothing.</summary>
    public static LabelSelector FromMap(IDictionary<string, string>? labels) =>
        labels is null || labels.Count == 0 ? Nothing : From(new V1LabelSelector { MatchLabels = labels });

    /// <summary>Parses the query form; a malformed selector is a <see cref="FormatException"/> worded as kube words it.</summary>
    public static LabelSelector Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Everything : new LabelSelector(SplitTopLevel(text).Select(ParseRequirement).ToList(), matchesNothing: false);

    public bool IsEverything => !_matchesNothing && _requirements.Count == 0;

    public bool Matches(IDictionary<string, string>? labels) =>
        Matches(key => labels is not null && labels.TryGetValue(key, out var value) ? value : null);

    public bool Matches(IReadOnlyDictionary<string, string>? labels) =>
        Matches(key => labels is not null && labels.TryGetValue(key, out var value) ? value : null);

    public bool Matches(Dictionary<string, string>? labels) => Matches((IDictionary<string, string>?)labels);

    private bool Matches(Func<string, string?> label)
    {
        if (_matchesNothing)
        {
            return false;
        }
        foreach (var (key, op, values) in _requirements)
        {
            var actual = label(key);
            var holds = op switch
            {
                "In" => actual is not null && values.Contains(actual),
                "NotIn" => actual is null || !values.Contains(actual),
                "Exists" => actual is not null,
                "DoesNotExist" => actual is null,
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Equal for selectors that select the same labels the same way (a cache key): the query form, or " nothing" for <see cref="Nothing"/>.</summary>
    public string Key => _key ??= _matchesNothing ? " nothing" : ToString();

    /// <summary>The query form (<c>app=web,tier in (a,b)</c>) for a list's labelSelector.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.Operator switch
    {
        "In" when r.Values.Count == 1 => $"{r.Key}={r.Values.First()}",
        "In" => $"{r.Key} in ({string.Join(",", r.Values.Order(StringComparer.Ordinal))})",
        "NotIn" when r.Values.Count == 1 => $"{r.Key}!={r.Values.First()}",
        "NotIn" => $"{r.Key} notin ({string.Join(",", r.Values.Order(StringComparer.Ordinal))})",
        "Exists" => r.Key,
        _ => $"!{r.Key}",
    }));

    private static IReadOnlySet<string> Set(IEnumerable<string> values) => values.ToHashSet(StringComparer.Ordinal);

    private static (string, string, IReadOnlySet<string>) ParseRequirement(string text)
    {
        var trimmed = text.Trim();
        Match match;
        if ((match = SetPattern().Match(trimmed)).Success)
        {
            var values = match.Groups[3].Value.Split(',', StringSplitOptions.TrimEntries).Where(v => v.Length > 0).ToList();
            if (values.Count == 0)
            {
                throw Invalid(trimmed, "for 'in', 'notin' operators, values set can't be empty");
            }
            values.ForEach(v => CheckValue(trimmed, v));
            return (CheckKey(trimmed, match.Groups[1].Value), match.Groups[2].Value == "in" ? "In" : "NotIn", Set(values));
        }
        if ((match = EqualityPattern().Match(trimmed)).Success)
        {
            var value = match.Groups[3].Value.Trim();
            CheckValue(trimmed, value);
            return (CheckKey(trimmed, match.Groups[1].Value), match.Groups[2].Value == "!=" ? "NotIn" : "In", Set([value]));
        }
        if (trimmed.StartsWith('!'))
        {
            return (CheckKey(trimmed, trimmed[1..].Trim()), "DoesNotExist", Set([]));
        }
        return (CheckKey(trimmed, trimmed), "Exists", Set([]));
    }

    /// <summary>A valid label key: an optional DNS-subdomain prefix and a slash, then a name of at most 63 characters.</summary>
    internal static bool IsLabelKey(string key)
    {
        var slash = key.IndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        var prefix = slash < 0 ? null : key[..slash];
        return LabelName().IsMatch(name) && name.Length <= 63 && (prefix is null || (prefix.Length <= 253 && DnsSubdomain().IsMatch(prefix)));
    }

    /// <summary>A valid label value: empty, or at most 63 alphanumerics, '-', '_' and '.', alphanumeric at both ends.</summary>
    internal static bool IsLabelValue(string value) => value.Length <= 63 && (value.Length == 0 || LabelName().IsMatch(value));

    private static string CheckKey(string requirement, string key) =>
        IsLabelKey(key) ? key : throw Invalid(requirement, $"invalid label key \"{key}\"");

    private static void CheckValue(string requirement, string value)
    {
        if (!IsLabelValue(value))
        {
            throw Invalid(requirement, $"invalid label value: \"{value}\"");
        }
    }

    private static FormatException Invalid(string requirement, string why) =>
        new($"unable to parse requirement: {why} (in \"{requirement}\")");

    /// <summary>Splits on commas outside parentheses.</summary>
    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        var parts = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }
        if (depth != 0)
        {
            throw Invalid(text, "unbalanced parentheses");
        }
        parts.Add(text[start..]);
        return parts;
    }

    [GeneratedRegex(@"^([^\s=!()]+)\s+(in|notin)\s*\((.*)\)$")]
    private static partial Regex SetPattern();

    [GeneratedRegex(@"^([^\s=!()]+)\s*(==|=|!=)\s*([^=!()]*)$")]
    private static partial Regex EqualityPattern();

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")]
    private static partial Regex LabelName();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")]
    private static partial Regex DnsSubdomain();
}
