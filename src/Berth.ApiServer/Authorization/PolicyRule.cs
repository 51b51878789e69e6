using System.Text.Json.Nodes;

namespace Berth.ApiServer.Authorization;

/// <summary>
/// One rule of a Role or ClusterRole (rbac/v1 PolicyRule): verbs on resources of API groups
/// (optionally only some names), or verbs on non-resource URLs. <c>*</c> matches anything (a
/// resource <c>*</c> also every subresource); <c>*/scale</c> the scale of any resource; a URL ending
/// in <c>*</c> every path under its prefix. Matching and covering are kube's (rbac.go, policy_comparator.go).
/// </summary>
public sealed record PolicyRule(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string>? ApiGroups = null,
    IReadOnlyList<string>? Resources = null,
    IReadOnlyList<string>? ResourceNames = null,
    IReadOnlyList<string>? NonResourceUrls = null)
{
    public const string All = "*";

    public bool Allows(RequestAttributes a) => a.IsResourceRequest ? AllowsResource(a) : AllowsPath(a);

    /// <summary>
    /// Whether this rule grants everything <paramref name="other"/> does: every verb on every
    /// group, resource, name and URL of it (kube's ruleCovers over the other's breakdown).
    /// </summary>
    public bool Covers(PolicyRule other) =>
        HasAll(Verbs, other.Verbs)
        && HasAll(ApiGroups ?? [], other.ApiGroups ?? [])
        && CoversResources(Resources ?? [], other.Resources ?? [])
        && CoversUrls(NonResourceUrls ?? [], other.NonResourceUrls ?? [])
        && (ResourceNames is not { Count: > 0 } || (other.ResourceNames is { Count: > 0 } names && HasAll(ResourceNames, names)));

    /// <summary>
    /// The rule split into rules of one verb and one group, resource, name or URL each, so that
    /// "covered by any of a set of rules" can be asked of each piece (kube's BreakdownRule).
    /// </summary>
    public IEnumerable<PolicyRule> Breakdown()
    {
        foreach (var verb in Verbs)
        {
            foreach (var group in ApiGroups ?? [])
            {
                foreach (var resource in Resources ?? [])
                {
                    if (ResourceNames is { Count: > 0 } names)
                    {
                        foreach (var name in names)
                        {
                            yield return new PolicyRule([verb], [group], [resource], [name]);
                        }
                    }
                    else
                    {
                        yield return new PolicyRule([verb], [group], [resource]);
                    }
                }
            }
            foreach (var url in NonResourceUrls ?? [])
            {
                yield return new PolicyRule([verb], NonResourceUrls: [url]);
            }
        }
    }

    /// <summary>The rule of an rbac/v1 object's <c>rules</c> item; absent lists are empty.</summary>
    public static PolicyRule FromJson(JsonNode? rule) => new(
        Strings(rule?["verbs"]),
        Strings(rule?["apiGroups"]),
        Strings(rule?["resources"]),
        Strings(rule?["resourceNames"]),
        Strings(rule?["nonResourceURLs"]));

    /// <summary>The rbac/v1 form, members in kube's order, empty lists left out.</summary>
    public JsonObject ToJson()
    {
        var rule = new JsonObject();
        Add(rule, "verbs", Verbs);
        Add(rule, "apiGroups", ApiGroups);
        Add(rule, "resources", Resources);
        Add(rule, "resourceNames", ResourceNames);
        Add(rule, "nonResourceURLs", NonResourceUrls);
        return rule;
    }

    public static IReadOnlyList<string> Strings(JsonNode? list) =>
        list is JsonArray array ? [.. array.Select(v => v?.GetValue<string>() ?? "")] : [];

    private bool AllowsResource(RequestAttributes a)
    {
        if (!Has(Verbs, a.Verb) || !Has(ApiGroups ?? [], a.ApiGroup))
        {
            return false;
        }
        var combined = a.Subresource.Length > 0 ? $"{a.Resource}/{a.Subresource}" : a.Resource;
        var resourceMatches = (Resources ?? []).Any(r => r == All || r == combined || (a.Subresource.Length > 0 && r == $"*/{a.Subresource}"));
        return resourceMatches && (ResourceNames is not { Count: > 0 } names || names.Contains(a.Name));
    }

    private bool AllowsPath(RequestAttributes a) =>
        Has(Verbs, a.Verb) && (NonResourceUrls ?? []).Any(url => UrlMatches(url, a.Path));

    private static bool UrlMatches(string rule, string path) =>
        rule == All || rule == path || (rule.EndsWith('*') && path.StartsWith(rule[..^1], StringComparison.Ordinal));

    private static bool CoversResources(IReadOnlyList<string> owner, IReadOnlyList<string> wanted) =>
        owner.Contains(All) || wanted.All(r => owner.Contains(r) || (r.IndexOf('/') is var slash and > 0 && owner.Contains($"*/{r[(slash + 1)..]}")));

    private static bool CoversUrls(IReadOnlyList<string> owner, IReadOnlyList<string> wanted) =>
        wanted.All(w => owner.Any(o => UrlMatches(o, w)));

    private static bool Has(IReadOnlyList<string> values, string value) => values.Contains(All) || values.Contains(value);

    private static bool HasAll(IReadOnlyList<string> values, IReadOnlyList<string> wanted) => values.Contains(All) || wanted.All(values.Contains);

    private static void Add(JsonObject rule, string name, IReadOnlyList<string>? values)
    {
        if (values is { Count: > 0 })
        {
            rule[name] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }
    }
}
