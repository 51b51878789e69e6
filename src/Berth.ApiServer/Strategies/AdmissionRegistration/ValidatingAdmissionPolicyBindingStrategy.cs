using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.AdmissionRegistration;

/// <summary>
/// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBindings: policyName is required;
/// validationActions hold at least one of Deny, Warn, Audit, without repeats and never Deny with Warn;
/// matchResources is defaulted and checked as a policy's matchConstraints are; paramRef names a param
/// or selects params (not both) and says what a missing one means (parameterNotFoundAction Allow or Deny).
/// </summary>
public sealed class ValidatingAdmissionPolicyBindingStrategy : ResourceStrategy
{
    private static readonly string[] Actions = ["Deny", "Warn", "Audit"];
    private static readonly string[] NotFoundActions = ["Deny", "Allow"];

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
        if (spec["paramRef"] is JsonObject paramRef)
        {
            ValidateParamRef(paramRef, errors);
        }
        if (spec["matchResources"] is JsonObject match)
        {
            MatchResourcesRules.Validate(match, "spec.matchResources", errors);
        }
    }

    /// <summary>kube's validateParamRef, in its order.</summary>
    private static void ValidateParamRef(JsonObject paramRef, List<FieldError> errors)
    {
        var name = paramRef.Str("name") ?? "";
        var hasSelector = paramRef["selector"] is JsonObject;
        foreach (var (field, value) in new[] { ("name", name), ("namespace", paramRef.Str("namespace") ?? "") })
        {
            errors.AddRange(value.Length == 0 ? [] : NameRules.PathSegmentName(value).Select(message => FieldError.Invalid($"spec.paramRef.{field}", value, message)));
        }
        if (name.Length > 0 && hasSelector)
        {
            errors.Add(FieldError.Forbidden("spec.paramRef.name", "name and selector are mutually exclusive"));
            errors.Add(FieldError.Forbidden("spec.paramRef.selector", "name and selector are mutually exclusive"));
        }
        if (name.Length == 0 && !hasSelector)
        {
            errors.Add(FieldError.Required("spec.paramRef", "one of name or selector must be specified"));
        }
        var action = paramRef.Str("parameterNotFoundAction") ?? "";
        if (action.Length == 0)
        {
            errors.Add(FieldError.Required("spec.paramRef.parameterNotFoundAction"));
        }
        else if (!NotFoundActions.Contains(action))
        {
            errors.Add(FieldError.NotSupported("spec.paramRef.parameterNotFoundAction", action, NotFoundActions));
        }
    }
}
