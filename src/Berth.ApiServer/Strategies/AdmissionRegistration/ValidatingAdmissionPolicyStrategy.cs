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
/// paramKind needs an apiVersion (group/version) and a kind, as kube checks them.
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
        if (spec["paramKind"] is JsonObject paramKind)
        {
            ValidateParamKind(paramKind, errors);
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

    /// <summary>kube's validateParamKind: apiVersion is [group/]version with a DNS subdomain group and a DNS label version; kind a DNS label in any case.</summary>
    private static void ValidateParamKind(JsonObject paramKind, List<FieldError> errors)
    {
        var apiVersion = paramKind.Str("apiVersion") ?? "";
        if (apiVersion.Length == 0)
        {
            errors.Add(FieldError.Required("spec.paramKind.apiVersion"));
        }
        else if (apiVersion.Count(c => c == '/') > 1)
        {
            errors.Add(FieldError.Invalid("spec.paramKind.apiVersion", apiVersion, $"unexpected GroupVersion string: {apiVersion}"));
        }
        else
        {
            var slash = apiVersion.IndexOf('/');
            var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
            if (group.Length > 0 && NameRules.Dns1123Subdomain(group) is { Count: > 0 } groupErrors)
            {
                errors.Add(FieldError.Invalid("spec.paramKind.apiVersion", group, string.Join(",", groupErrors)));
            }
            if (version.Length == 0)
            {
                errors.Add(FieldError.Invalid("spec.paramKind.apiVersion", apiVersion, "version must be specified"));
            }
            else if (NameRules.Dns1035Label(version) is { Count: > 0 } versionErrors)
            {
                errors.Add(FieldError.Invalid("spec.paramKind.apiVersion", version, string.Join(",", versionErrors)));
            }
        }
        var kind = paramKind.Str("kind") ?? "";
        if (kind.Length == 0)
        {
            errors.Add(FieldError.Required("spec.paramKind.kind"));
        }
        else if (NameRules.Dns1035Label(kind.ToLowerInvariant()) is { Count: > 0 } kindErrors)
        {
            errors.Add(FieldError.Invalid("spec.paramKind.kind", kind, "may have mixed case, but should otherwise match: " + string.Join(",", kindErrors)));
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
