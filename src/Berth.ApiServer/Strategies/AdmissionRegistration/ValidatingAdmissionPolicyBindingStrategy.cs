using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.AdmissionRegistration;

/// <summary>
/// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBindings: policyName is required;
/// validationActions hold at least one of Deny, Warn, Audit, without repeats and never Deny with Warn;
/// matchResources is defaulted and checked as a policy's matchConstraints are.
/// </summary>
public sealed class ValidatingAdmissionPolicyBindingStrategy : ResourceStrategy
{
    private static readonly string[] Actions = ["Deny", "Warn", "Audit"];

    public override void Default(JsonObject obj)
    {
        if (obj.At("spec", "matchResources") is JsonObject match)
        {
            MatchResourcesRules.Default(match);
        }
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = obj["spec"] as JsonObject ?? [];
        if (string.IsNullOrEmpty(spec.Str("policyName")))
        {
            errors.Add(FieldError.Required("spec.policyName"));
        }
        var actions = spec.Strings("validationActions").ToList();
        if (actions.Count == 0)
        {
            errors.Add(FieldError.Required("spec.validationActions", "at least one validation action is required"));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (action, i) in actions.Select((a, i) => (a, i)))
        {
            if (!Actions.Contains(action))
            {
                errors.Add(FieldError.NotSupported($"spec.validationActions[{i}]", action, Actions));
            }
            else if (!seen.Add(action))
            {
                errors.Add(FieldError.Duplicate($"spec.validationActions[{i}]", action));
            }
        }
        if (seen.Contains("Deny") && seen.Contains("Warn"))
        {
            errors.Add(FieldError.Invalid("spec.validationActions", new JsonArray([.. actions.Select(a => (JsonNode)a)]), "must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)"));
        }
        if (spec["paramRef"] is JsonObject)
        {
            errors.Add(FieldError.Forbidden("spec.paramRef", "Berth does not bind params to ValidatingAdmissionPolicies"));
        }
        if (spec["matchResources"] is JsonObject match)
        {
            MatchResourcesRules.Validate(match, "spec.matchResources", errors);
        }
    }
}
