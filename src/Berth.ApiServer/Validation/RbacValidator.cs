using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>
/// kube's rbac validation (pkg/apis/rbac/validation): every rule names verbs and either resources
/// of API groups or non-resource URLs (cluster roles only); a binding refers to a role of the rbac
/// group and names subjects of known kinds.
/// </summary>
public static class RbacValidator
{
    private const string Group = "rbac.authorization.k8s.io";
    private static readonly string[] SubjectKinds = ["ServiceAccount", "User", "Group"];

    public static void Role(JsonObject role, bool namespaced, List<FieldError> errors)
    {
        if (role["rules"] is not JsonArray rules)
        {
            return;
        }
        for (var i = 0; i < rules.Count; i++)
        {
            var path = $"rules[{i}]";
            var rule = rules[i] as JsonObject ?? [];
            if (Count(rule, "verbs") == 0)
            {
                errors.Add(FieldError.Required($"{path}.verbs", "verbs must contain at least one value"));
            }
            if (Count(rule, "nonResourceURLs") > 0)
            {
                if (namespaced)
                {
                    errors.Add(FieldError.Invalid($"{path}.nonResourceURLs", rule["nonResourceURLs"]!.DeepClone(), "namespaced rules cannot apply to non-resource URLs"));
                }
                if (Count(rule, "apiGroups") > 0 || Count(rule, "resources") > 0 || Count(rule, "resourceNames") > 0)
                {
                    errors.Add(FieldError.Invalid($"{path}.nonResourceURLs", rule["nonResourceURLs"]!.DeepClone(), "rules cannot apply to both regular resources and non-resource URLs"));
                }
                continue;
            }
            if (Count(rule, "apiGroups") == 0)
            {
                errors.Add(FieldError.Required($"{path}.apiGroups", "resource rules must supply at least one api group"));
            }
            if (Count(rule, "resources") == 0)
            {
                errors.Add(FieldError.Required($"{path}.resources", "resource rules must supply at least one resource"));
            }
        }
    }

    public static void Binding(JsonObject binding, bool namespaced, List<FieldError> errors)
    {
        var roleRef = binding["roleRef"] as JsonObject ?? [];
        if (roleRef.Str("apiGroup") != Group)
        {
            errors.Add(FieldError.NotSupported("roleRef.apiGroup", roleRef["apiGroup"]?.DeepClone() ?? "", [Group]));
        }
        string[] kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
        if (!kinds.Contains(roleRef.Str("kind")))
        {
            errors.Add(FieldError.NotSupported("roleRef.kind", roleRef["kind"]?.DeepClone() ?? "", kinds));
        }
        if (string.IsNullOrEmpty(roleRef.Str("name")))
        {
            errors.Add(FieldError.Required("roleRef.name"));
        }
        if (binding["subjects"] is not JsonArray subjects)
        {
            return;
        }
        for (var i = 0; i < subjects.Count; i++)
        {
            Subject(subjects[i] as JsonObject ?? [], $"subjects[{i}]", namespaced, errors);
        }
    }

    /// <summary>A binding's roleRef never changes (delete and recreate it instead).</summary>
    public static void BindingUpdate(JsonObject binding, JsonObject old, List<FieldError> errors)
    {
        if (!Patching.JsonValueEquality.AreEqual(binding["roleRef"], old["roleRef"]))
        {
            errors.Add(FieldError.Invalid("roleRef", binding["roleRef"]?.DeepClone(), "cannot change roleRef"));
        }
    }

    private static void Subject(JsonObject subject, string path, bool namespaced, List<FieldError> errors)
    {
        var kind = subject.Str("kind");
        if (string.IsNullOrEmpty(subject.Str("name")))
        {
            errors.Add(FieldError.Required($"{path}.name"));
        }
        switch (kind)
        {
            case "ServiceAccount":
                if (subject.Str("apiGroup") is { Length: > 0 } group)
                {
                    errors.Add(FieldError.NotSupported($"{path}.apiGroup", group, [""]));
                }
                if (!namespaced && string.IsNullOrEmpty(subject.Str("namespace")))
                {
                    errors.Add(FieldError.Required($"{path}.namespace"));
                }
                break;
            case "User" or "Group":
                if (subject.Str("apiGroup") != Group)
                {
                    errors.Add(FieldError.NotSupported($"{path}.apiGroup", subject["apiGroup"]?.DeepClone() ?? "", [Group]));
                }
                break;
            default:
                errors.Add(FieldError.NotSupported($"{path}.kind", subject["kind"]?.DeepClone() ?? "", SubjectKinds));
                break;
        }
    }

    private static int Count(JsonObject rule, string field) => rule[field] is JsonArray list ? list.Count : 0;
}
