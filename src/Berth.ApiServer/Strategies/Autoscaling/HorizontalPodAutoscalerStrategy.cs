using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Autoscaling;

/// <summary>HorizontalPodAutoscalers (autoscaling/v2): minReplicas 1 and the 80 % CPU metric by default; target and bounds checked.</summary>
public sealed class HorizontalPodAutoscalerStrategy : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        if (obj["spec"] is JsonObject spec)
        {
            WorkloadDefaults.HorizontalPodAutoscaler(spec);
        }
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = obj["spec"] as JsonObject ?? [];
        if (spec.Str("scaleTargetRef", "kind") is not { Length: > 0 })
        {
            errors.Add(FieldError.Required("spec.scaleTargetRef.kind"));
        }

        if (spec.Str("scaleTargetRef", "name") is not { Length: > 0 })
        {
            errors.Add(FieldError.Required("spec.scaleTargetRef.name"));
        }

        var min = spec.Int("minReplicas") ?? 1;
        if (spec["minReplicas"] is { } m && min < 1)
        {
            errors.Add(FieldError.Invalid("spec.minReplicas", m.DeepClone(), "must be greater than or equal to 1"));
        }

        if (spec.Int("maxReplicas") is not { } max)
        {
            errors.Add(FieldError.Required("spec.maxReplicas"));
        }
        else if (max < min)
        {
            errors.Add(FieldError.Invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`"));
        }
    }
}
