using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.AdmissionRegistration;

/// <summary>
/// Defaults and checks of admissionregistration/v1 MatchResources, shared by a policy's matchConstraints
/// and a binding's matchResources: empty selectors match everything, matchPolicy is Equivalent, a rule's
/// scope is <c>*</c>; operations and scopes are kube's.
/// </summary>
internal static class MatchResourcesRules
{
    private static readonly string[] Operations = ["*", "CREATE", "UPDATE", "DELETE", "CONNECT"];
    private static readonly string[] Scopes = ["*", "Cluster", "Namespaced"];
    private static readonly string[] MatchPolicies = ["Exact", "Equivalent"];

    public static void Default(JsonObject match)
    {
        match.SetDefault("namespaceSelector", new JsonObject());
        match.SetDefault("objectSelector", new JsonObject());
        match.SetDefault("matchPolicy", "Equivalent");
        foreach (var rule in match.Objects("resourceRules").Concat(match.Objects("excludeResourceRules")))
        {
            rule.SetDefault("scope", "*");
        }
    }

    public static void Validate(JsonObject match, string path, List<FieldError> errors)
    {
        PodSpecValidator.OneOf(match, "matchPolicy", MatchPolicies, path, errors);
        foreach (var list in new[] { "resourceRules", "excludeResourceRules" })
        {
            foreach (var (rule, i) in match.Objects(list).Select((r, i) => (r, i)))
            {
                var at = $"{path}.{list}[{i}]";
                foreach (var field in new[] { "apiGroups", "apiVersions", "operations", "resources" })
                {
                    if (rule.Count(field) == 0)
                    {
                        errors.Add(FieldError.Required($"{at}.{field}"));
                    }
                }
                foreach (var (operation, j) in rule.Strings("operations").Select((o, j) => (o, j)))
                {
                    if (!Operations.Contains(operation))
                    {
                        errors.Add(FieldError.NotSupported($"{at}.operations[{j}]", operation, Operations));
                    }
                }
                PodSpecValidator.OneOf(rule, "scope", Scopes, at, errors);
            }
        }
    }
}
