using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.ApiServer.AdmissionControl.Policies;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.AdmissionRegistration;

/// <summary>
/// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicies (pkg/apis/admissionregistration
/// validation and defaults): failurePolicy defaults to Fail (Fail or Ignore); matchConstraints and its
/// resourceRules are required, with kube's operations and scopes; validations need an expression that
/// compiles, and a reason kube knows; variables need a CEL identifier and an expression that compiles.
/// paramKind is refused: Berth binds no params.
/// </summary>
public sealed partial class ValidatingAdmissionPolicyStrategy(CelCompiler compiler) : ResourceStrategy
{
    private static readonly string[] FailurePolicies = ["Fail", "Ignore"];
    private static readonly string[] Reasons = ["Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge"];

    public override void Default(JsonObject obj)
    {
        var spec = obj.Child("spec");
        spec.SetDefault("failurePolicy", "Fail");
        if (spec["matchConstraints"] is JsonObject match)
        {
            MatchResourcesRules.Default(match);
        }
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = obj["spec"] as JsonObject ?? [];
        PodSpecValidator.OneOf(spec, "failurePolicy", FailurePolicies, "spec", errors);
        if (spec["paramKind"] is not null)
        {
            errors.Add(FieldError.Forbidden("spec.paramKind", "Berth does not bind params to ValidatingAdmissionPolicies"));
        }
        if (spec["matchConstraints"] is not JsonObject match)
        {
            errors.Add(FieldError.Required("spec.matchConstraints"));
        }
        else
        {
            if (match.Count("resourceRules") == 0)
            {
                errors.Add(FieldError.Required("spec.matchConstraints.resourceRules"));
            }
            MatchResourcesRules.Validate(match, "spec.matchConstraints", errors);
        }
        if (spec.Count("validations") == 0 && spec.Count("auditAnnotations") == 0)
        {
            errors.Add(FieldError.Required("spec.validations", "validations or auditAnnotations must contain at least one item"));
        }
        foreach (var (validation, i) in spec.Objects("validations").Select((v, i) => (v, i)))
        {
            var path = $"spec.validations[{i}]";
            CheckExpression(validation, "expression", path, required: true, errors);
            CheckExpression(validation, "messageExpression", path, required: false, errors);
            if (validation.Str("message") is { } message && message.Contains('\n'))
            {
                errors.Add(FieldError.Invalid($"{path}.message", message, "message must not contain line breaks"));
            }
            PodSpecValidator.OneOf(validation, "reason", Reasons, path, errors);
        }
        foreach (var (variable, i) in spec.Objects("variables").Select((v, i) => (v, i)))
        {
            if (variable.Str("name") is not { Length: > 0 } name)
            {
                errors.Add(FieldError.Required($"spec.variables[{i}].name"));
            }
            else if (!CelIdentifier().IsMatch(name))
            {
                errors.Add(FieldError.Invalid($"spec.variables[{i}].name", name, "name is not a valid CEL identifier"));
            }
            CheckExpression(variable, "expression", $"spec.variables[{i}]", required: true, errors);
        }
        foreach (var (condition, i) in spec.Objects("matchConditions").Select((c, i) => (c, i)))
        {
            if (string.IsNullOrEmpty(condition.Str("name")))
            {
                errors.Add(FieldError.Required($"spec.matchConditions[{i}].name"));
            }
            CheckExpression(condition, "expression", $"spec.matchConditions[{i}]", required: true, errors);
        }
    }

    [GeneratedRegex("^[_a-zA-Z][_a-zA-Z0-9]*$")]
    private static partial Regex CelIdentifier();

    /// <summary>kube compiles a policy's expressions when it is written: <c>compilation failed: ...</c>.</summary>
    private void CheckExpression(JsonObject holder, string field, string path, bool required, List<FieldError> errors)
    {
        var expression = holder.Str(field);
        if (string.IsNullOrWhiteSpace(expression))
        {
            if (required)
            {
                errors.Add(FieldError.Required($"{path}.{field}"));
            }
            return;
        }
        if (compiler.CompileError(expression) is { } error)
        {
            errors.Add(FieldError.Invalid($"{path}.{field}", expression, $"compilation failed: {error}"));
        }
    }
}
