using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Policy;

/// <summary>
/// PodDisruptionBudgets (pkg/registry/policy/poddisruptionbudget, ValidatePodDisruptionBudgetSpec):
/// minAvailable or maxUnavailable (not both), each a non-negative count or a percentage up to
/// 100%; kube's two unhealthy-pod eviction policies; a zero status the disruption controller fills.
/// The spec may change (policy/v1).
/// </summary>
public sealed class PodDisruptionBudgetStrategy : ResourceStrategy
{
    private static readonly string[] s_unhealthyPodEvictionPolicies = ["AlwaysAllow", "IfHealthyBudget"];

    public override JsonObject? InitialStatus() => new()
    {
        ["disruptionsAllowed"] = 0,
        ["currentHealthy"] = 0,
        ["desiredHealthy"] = 0,
        ["expectedPods"] = 0,
    };

    protected override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = obj["spec"] as JsonObject ?? [];
        if (spec["minAvailable"] is not null && spec["maxUnavailable"] is not null)
        {
            errors.Add(FieldError.Invalid("spec", spec.DeepClone(), "minAvailable and maxUnavailable cannot be both set"));
        }
        foreach (var field in new[] { "minAvailable", "maxUnavailable" })
        {
            IntOrPercent.Read(spec, field, $"spec.{field}", errors);
            IntOrPercent.NotMoreThan100Percent(spec, field, $"spec.{field}", errors);
        }
        MetadataValidator.Labels(spec.At("selector", "matchLabels"), "spec.selector.matchLabels", errors);
        PodSpecValidator.OneOf(spec, "unhealthyPodEvictionPolicy", s_unhealthyPodEvictionPolicies, "spec", errors);
    }
}
