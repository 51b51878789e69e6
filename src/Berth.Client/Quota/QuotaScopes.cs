using k8s.Models;

namespace Berth.Client.Quota;

/// <summary>A quota's scopes as selector requirements (kube's getScopeSelectorsFromQuota): each of spec.scopes as Exists, then spec.scopeSelector's.</summary>
public static class QuotaScopes
{
    public const string Terminating = "Terminating";
    public const string NotTerminating = "NotTerminating";
    public const string BestEffort = "BestEffort";
    public const string NotBestEffort = "NotBestEffort";
    public const string PriorityClass = "PriorityClass";
    public const string CrossNamespacePodAffinity = "CrossNamespacePodAffinity";

    public static List<V1ScopedResourceSelectorRequirement> Of(V1ResourceQuota quota)
    {
        var scopes = new List<V1ScopedResourceSelectorRequirement>();
        foreach (var scope in quota.Spec?.Scopes ?? [])
        {
            scopes.Add(new V1ScopedResourceSelectorRequirement { ScopeName = scope, OperatorProperty = "Exists" });
        }
        scopes.AddRange(quota.Spec?.ScopeSelector?.MatchExpressions ?? []);
        return scopes;
    }

    /// <summary>A requirement against the one label {scopeName: value} (ScopedResourceSelectorRequirementsAsSelector), the key always present.</summary>
    public static bool Selects(V1ScopedResourceSelectorRequirement requirement, string value) => requirement.OperatorProperty switch
    {
        "In" => requirement.Values?.Contains(value) == true,
        "NotIn" => requirement.Values?.Contains(value) != true,
        "Exists" => true,
        _ => false,
    };
}
