using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;
using Berth.Client.Selectors;
using Berth.Client.Serialization;

namespace Berth.ApiServer.AdmissionControl.Policies;

/// <summary>
/// kube's admissionregistration/v1 MatchResources over one write (the policy's matchConstraints, a
/// binding's matchResources): a resourceRule matches and no excludeResourceRule does (operations,
/// apiGroups, apiVersions, resources with kube's <c>*</c>, <c>*/*</c>, <c>pods/*</c>, <c>*/status</c>,
/// scope, resourceNames), the namespace's labels match namespaceSelector (a Namespace's own labels;
/// other cluster-scoped objects always match), and the object's or old object's labels match objectSelector.
/// </summary>
public static class MatchResources
{
    public static bool Matches(JsonObject match, AdmissionRequest request, string operation, IDictionary<string, string>? namespaceLabels) =>
        RulesMatch(match, request, operation) && SelectorsMatch(match, request, namespaceLabels);

    /// <summary>Whether the rules, scope and names match (no resourceRules: every resource, as kube's matcher).</summary>
    public static bool RulesMatch(JsonObject match, AdmissionRequest request, string operation) =>
        (match.Count("resourceRules") == 0 || match.Objects("resourceRules").Any(rule => RuleMatches(rule, request, operation)))
        && !match.Objects("excludeResourceRules").Any(rule => RuleMatches(rule, request, operation));

    public static bool SelectorsMatch(JsonObject match, AdmissionRequest request, IDictionary<string, string>? namespaceLabels)
    {
        var objectSelector = Selector(match["objectSelector"]);
        if (!objectSelector.Matches(Labels(request.Object)) && !(request.OldObject is { } old && objectSelector.Matches(Labels(old))))
        {
            return false;
        }
        if (request.Resource is { Group: "", Name: "namespaces" })
        {
            return Selector(match["namespaceSelector"]).Matches(Labels(request.Object));
        }
        return !request.Resource.Namespaced || Selector(match["namespaceSelector"]).Matches(namespaceLabels);
    }

    private static bool RuleMatches(JsonObject rule, AdmissionRequest request, string operation)
    {
        var resource = request.Resource;
        var scope = rule.Str("scope") ?? "*";
        return Listed(rule, "operations", operation)
            && Listed(rule, "apiGroups", resource.Group)
            && Listed(rule, "apiVersions", resource.Version)
            && rule.Strings("resources").Any(pattern => ResourceMatches(pattern, resource.Name, Subresource(request)))
            && (scope == "*" || scope == (resource.Namespaced ? "Namespaced" : "Cluster"))
            && (rule.Count("resourceNames") == 0 || rule.Strings("resourceNames").Contains(request.Name));
    }

    private static bool Listed(JsonObject rule, string field, string value) =>
        rule.Strings(field).Any(item => item == "*" || item == value);

    /// <summary>kube's rule grammar: <c>*</c> every resource, <c>*/*</c> everything, <c>r/*</c> r's subresources, <c>*/s</c> subresource s of all.</summary>
    private static bool ResourceMatches(string pattern, string resource, string subresource)
    {
        var slash = pattern.IndexOf('/');
        var (patternResource, patternSub) = slash < 0 ? (pattern, "") : (pattern[..slash], pattern[(slash + 1)..]);
        return (patternResource == "*" || patternResource == resource)
            && (patternSub == subresource || (patternSub == "*" && subresource.Length > 0) || pattern == "*/*");
    }

    public static string Subresource(AdmissionRequest request) =>
        request.Target == UpdateTarget.Main ? "" : request.Target.ToString().ToLowerInvariant();

    /// <summary>A LabelSelector field; absent selects everything.</summary>
    internal static LabelSelector Selector(JsonNode? selector) =>
        selector is JsonObject ? LabelSelector.From(selector.Deserialize(ModelJsonContext.Default.V1LabelSelector)) : LabelSelector.Everything;

    internal static Dictionary<string, string> Labels(JsonObject obj) => obj.StringMap("metadata", "labels").ToDictionary();
}
