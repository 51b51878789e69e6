namespace Berth.ApiServer.Authorization;

/// <summary>
/// One rule of a Role or ClusterRole (rbac/v1 PolicyRule): verbs on resources of API groups
/// (optionally only some names), or verbs on non-resource URLs. <c>*</c> matches anything; a
/// resource <c>pods/*</c> every subresource of pods, <c>*/scale</c> the scale of any; a URL ending
/// in <c>*</c> every path under its prefix.
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

    private bool AllowsResource(RequestAttributes a)
    {
        if (!Has(Verbs, a.Verb) || !Has(ApiGroups ?? [], a.ApiGroup))
        {
            return false;
        }
        var combined = a.Subresource.Length > 0 ? $"{a.Resource}/{a.Subresource}" : a.Resource;
        var resourceMatches = (Resources ?? []).Any(r =>
            r == All || r == combined
            || (a.Subresource.Length > 0 && (r == $"{a.Resource}/*" || r == $"*/{a.Subresource}")));
        return resourceMatches && (ResourceNames is not { Count: > 0 } names || names.Contains(a.Name));
    }

    private bool AllowsPath(RequestAttributes a) =>
        Has(Verbs, a.Verb) && (NonResourceUrls ?? []).Any(url =>
            url == All || url == a.Path || (url.EndsWith('*') && a.Path.StartsWith(url[..^1], StringComparison.Ordinal)));

    private static bool Has(IReadOnlyList<string> values, string value) => values.Contains(All) || values.Contains(value);
}
