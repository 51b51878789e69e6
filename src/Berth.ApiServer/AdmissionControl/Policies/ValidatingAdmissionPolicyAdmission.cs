using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.AdmissionControl.Policies;

/// <summary>
/// kube's ValidatingAdmissionPolicy plugin (admission/plugin/policy/validating/dispatcher.go): every
/// policy whose matchConstraints match the write is evaluated once per binding that names it and
/// whose matchResources match; a violation is acted on by the binding's validationActions: Deny refuses
/// (the first refusal is the answer: <c>deployments.apps "web" is forbidden: ValidatingAdmissionPolicy
/// 'p' with binding 'b' denied request: failed expression: ...</c>, code from the reason, 422 for
/// Invalid), Warn sends kube's warning, Audit adds the <c>validation_failure</c> audit annotation.
/// Creates, updates and deletes are judged. Variables: object, oldObject, request, namespaceObject and
/// params (<see cref="PolicyParams"/>: the policy is evaluated once per param the binding selects); a
/// paramKind that is not served or a binding whose params cannot be found under parameterNotFoundAction
/// Deny is kube's configuration error (<c>failed to configure binding: ...</c>), a refusal unless failurePolicy is Ignore.
/// </summary>
public sealed class ValidatingAdmissionPolicyAdmission(PolicyEvaluator evaluator) : IValidatingAdmissionPlugin, IDeleteAdmissionPlugin
{
    public const string Group = "admissionregistration.k8s.io";
    public const string FailureAnnotation = "validation.policy.admission.k8s.io/validation_failure";

    private static readonly JsonSerializerOptions ReadableJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public ValueTask ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken) => JudgeAsync(request, cancellationToken);

    /// <summary>A delete: <c>object</c> is null and <c>oldObject</c> the stored object, as kube binds them.</summary>
    public ValueTask ValidateDeleteAsync(AdmissionRequest request, CancellationToken cancellationToken) => JudgeAsync(request, cancellationToken);

    private async ValueTask JudgeAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var policies = request.Objects.List(request.Objects.Resource(Group, "v1", "validatingadmissionpolicies"));
        if (policies.Count == 0)
        {
            return;
        }
        var operation = request.Operation.ToString().ToUpperInvariant();
        var matching = policies.Where(p => p["spec"]?["matchConstraints"] is JsonObject match && MatchResources.RulesMatch(match, request, operation)).ToList();
        if (matching.Count == 0)
        {
            return;
        }
        var bindings = request.Objects.List(request.Objects.Resource(Group, "v1", "validatingadmissionpolicybindings"));
        var ns = request.Resource.Namespaced && request.Namespace.Length > 0
            ? await request.Objects.FindAsync(request.Objects.Resource("", "v1", "namespaces"), null, request.Namespace, cancellationToken)
            : null;
        var namespaceLabels = ns.StringMap("metadata", "labels").ToDictionary();
        Dictionary<string, object?>? variables = null;
        (string Message, string Reason)? denial = null;
        foreach (var policy in matching)
        {
            if (!MatchResources.SelectorsMatch((JsonObject)policy["spec"]!["matchConstraints"]!, request, namespaceLabels))
            {
                continue;
            }
            var policyName = policy.Str("metadata", "name") ?? "";
            var ignoreErrors = policy.Str("spec", "failurePolicy") == "Ignore";
            var policyBindings = bindings.Where(b => b.Str("spec", "policyName") == policyName).ToList();
            var (paramResource, policyError) = policyBindings.Count > 0 ? PolicyParams.Resolve(policy, request.Objects) : (null, null);
            if (policyError is not null)
            {
                // kube's addConfigError: a broken policy refuses under failurePolicy Fail, whatever the bindings' actions.
                denial ??= ignoreErrors ? null : ($"ValidatingAdmissionPolicy '{policyName}' denied request: failed to configure policy: {policyError}", "Invalid");
                continue;
            }
            foreach (var binding in policyBindings)
            {
                if (binding.At("spec", "matchResources") is JsonObject bindingMatch && !MatchResources.Matches(bindingMatch, request, operation, namespaceLabels))
                {
                    continue;
                }
                var bindingName = binding.Str("metadata", "name") ?? "";
                var (parameters, bindingError) = await PolicyParams.CollectAsync(paramResource, policy, binding, request.Namespace, request.Objects, cancellationToken);
                if (bindingError is not null)
                {
                    denial ??= ignoreErrors ? null : (Denied(policyName, bindingName, $"failed to configure binding: {bindingError}"), "Invalid");
                    continue;
                }
                variables ??= Variables(request, operation, ns);
                foreach (var param in parameters)
                {
                    variables["params"] = CelValues.From(param);
                    foreach (var violation in evaluator.Evaluate(policy, variables))
                    {
                        if (Act(request, policyName, binding, violation) && denial is null)
                        {
                            denial = (Denied(policyName, bindingName, violation.Message), violation.Reason);
                        }
                    }
                }
            }
        }
        // As kube: every policy is evaluated (warnings and audit notes of all), the first denial answers.
        if (denial is { } refused)
        {
            throw Refusal(request, refused.Message, refused.Reason);
        }
    }

    private static string Denied(string policyName, string bindingName, string message) =>
        $"ValidatingAdmissionPolicy '{policyName}' with binding '{bindingName}' denied request: {message}";

    /// <summary>Warns and annotates as the binding says; whether the binding denies.</summary>
    private static bool Act(AdmissionRequest request, string policyName, JsonObject binding, PolicyViolation violation)
    {
        var bindingName = binding.Str("metadata", "name") ?? "";
        var actions = binding.Strings("spec", "validationActions").ToList();
        if (actions.Contains("Warn"))
        {
            request.Warn($"Validation failed for ValidatingAdmissionPolicy '{policyName}' with binding '{bindingName}': {violation.Message}");
        }
        if (actions.Contains("Audit"))
        {
            request.AuditAnnotations[FailureAnnotation] = new JsonArray(new JsonObject
            {
                ["message"] = violation.Message,
                ["policy"] = policyName,
                ["binding"] = bindingName,
                ["expressionIndex"] = violation.ExpressionIndex,
                ["validationActions"] = new JsonArray([.. actions.Select(a => (JsonNode)a)]),
            }).ToJsonString(ReadableJson);
        }
        return actions.Contains("Deny");
    }

    /// <summary>kube's admission.NewForbidden wording, with the validation's reason and its code (reasonToCode).</summary>
    private static ApiException Refusal(AdmissionRequest request, string message, string reason)
    {
        var forbidden = ApiException.Forbidden(request.Resource.Group, request.Resource.Name, request.Name, message);
        var details = forbidden.Details!;
        details["causes"] = new JsonArray(new JsonObject { ["message"] = message });
        var code = reason switch
        {
            "Unauthorized" => 401,
            "Forbidden" => 403,
            "RequestEntityTooLarge" => 413,
            _ => 422,
        };
        return new ApiException(code, reason, forbidden.Message, details);
    }

    /// <summary>The CEL variables kube binds (admission/plugin/cel): the objects, the AdmissionRequest, the namespace.</summary>
    private static Dictionary<string, object?> Variables(AdmissionRequest request, string operation, JsonObject? ns)
    {
        var resource = request.Resource;
        var gvk = new Dictionary<string, object?> { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = resource.Kind };
        var gvr = new Dictionary<string, object?> { ["group"] = resource.Group, ["version"] = resource.Version, ["resource"] = resource.Name };
        var admissionRequest = new Dictionary<string, object?>
        {
            ["kind"] = gvk,
            ["resource"] = gvr,
            ["subResource"] = MatchResources.Subresource(request),
            ["requestKind"] = gvk,
            ["requestResource"] = gvr,
            ["name"] = request.Name,
            ["namespace"] = request.Namespace,
            ["operation"] = operation,
            ["userInfo"] = CelValues.From(request.User),
            ["dryRun"] = request.DryRun,
        };
        return new Dictionary<string, object?>
        {
            ["object"] = request.Operation == AdmissionOperation.Delete ? null : CelValues.From(request.Object),
            ["oldObject"] = CelValues.From(request.OldObject),
            ["request"] = admissionRequest,
            ["params"] = null,
            ["namespaceObject"] = CelValues.From(ns),
        };
    }
}
