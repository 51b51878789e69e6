using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.AdmissionControl.PodSecurity;

/// <summary>
/// kube's PodSecurity admission plugin: a pod is held to its namespace's policy
/// (<see cref="NamespacePolicy"/>): enforce refuses it with kube's 403, audit notes the violation
/// for the audit log, warn sends a warning; workload resources (Deployments, Jobs, CronJobs…) get the
/// audit note and warning for their pod template but are never refused. A namespace must carry
/// valid labels, and one whose enforce level tightens is warned of the existing pods that would break it.
/// </summary>
public sealed class PodSecurityAdmission : IValidatingAdmissionPlugin
{
    public const string AuditViolationsAnnotation = NamespacePolicy.LabelPrefix + "audit-violations";
    public const string EnforcePolicyAnnotation = NamespacePolicy.LabelPrefix + "enforce-policy";

    // kube's namespaceMaxPodsToCheck: a namespace label change checks at most this many pods.
    private const int MaxPodsToCheck = 3000;

    private static readonly HashSet<(string, string)> s_templated =
    [
        ("", "podtemplates"), ("", "replicationcontrollers"), ("apps", "replicasets"), ("apps", "deployments"),
        ("apps", "statefulsets"), ("apps", "daemonsets"), ("batch", "jobs"), ("batch", "cronjobs"),
    ];

    public async ValueTask ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Target != UpdateTarget.Main)
        {
            return;
        }
        switch (request.Resource.Group, request.Resource.Name)
        {
            case ("", "namespaces"):
                ValidateNamespace(request);
                break;
            case ("", "pods"):
                if (request.OldObject is null || IsSignificantUpdate(request.Object, request.OldObject))
                {
                    Evaluate(request, await PolicyAsync(request, cancellationToken), request.Object["metadata"] as JsonObject ?? [], request.Object["spec"] as JsonObject ?? [], enforce: true);
                }
                break;
            case var workload when s_templated.Contains(workload):
                if (Template(request.Object) is { } template)
                {
                    Evaluate(request, await PolicyAsync(request, cancellationToken), template["metadata"] as JsonObject ?? [], (JsonObject)template["spec"]!, enforce: false);
                }
                break;
        }
    }

    /// <summary>The pod template of a workload (a CronJob's inside its job template), or null without one.</summary>
    public static JsonObject? Template(JsonObject workload)
    {
        var template = workload["kind"]?.GetValue<string>() switch
        {
            "PodTemplate" => workload["template"],
            "CronJob" => workload.At("spec", "jobTemplate", "spec", "template"),
            _ => workload.At("spec", "template"),
        };
        return template is JsonObject { } found && found["spec"] is JsonObject ? found : null;
    }

    /// <summary>kube's EvaluatePod: enforce (pods only) refuses, audit annotates, warn (when not refused) warns.</summary>
    private static void Evaluate(AdmissionRequest request, NamespacePolicy policy, JsonObject metadata, JsonObject spec, bool enforce)
    {
        if (policy.IsPrivileged || (!enforce && policy.Audit.Level == PodSecurityLevel.Privileged && policy.Warn.Level == PodSecurityLevel.Privileged))
        {
            return;
        }
        if (policy.Errors.Count > 0)
        {
            request.AuditAnnotations[NamespacePolicy.LabelPrefix + "error"] = $"Failed to parse policy: {string.Join(", ", policy.Errors)}";
        }
        if (enforce)
        {
            request.AuditAnnotations[EnforcePolicyAnnotation] = policy.Enforce.ToString();
            if (PodSecurityEvaluator.Evaluate(policy.Enforce, metadata, spec) is { Count: > 0 } violations)
            {
                throw ApiException.Forbidden(request.Resource.Group, request.Resource.Name, request.Name,
                    $"violates PodSecurity \"{policy.Enforce}\": {PodSecurityEvaluator.Detail(violations)}");
            }
        }
        if (PodSecurityEvaluator.Evaluate(policy.Audit, metadata, spec) is { Count: > 0 } audited)
        {
            request.AuditAnnotations[AuditViolationsAnnotation] = $"would violate PodSecurity \"{policy.Audit}\": {PodSecurityEvaluator.Detail(audited)}";
        }
        if (PodSecurityEvaluator.Evaluate(policy.Warn, metadata, spec) is { Count: > 0 } warned)
        {
            request.Warn($"would violate PodSecurity \"{policy.Warn}\": {PodSecurityEvaluator.Detail(warned)}");
        }
    }

    private static async Task<NamespacePolicy> PolicyAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var ns = await request.Objects.FindAsync(request.Objects.Resource("", "v1", "namespaces"), null, request.Namespace, cancellationToken);
        return NamespacePolicy.FromLabels(ns?.At("metadata", "labels") as JsonObject);
    }

    /// <summary>Labels must parse (on update, unless they were already as wrong); a stricter enforce level warns of the pods that break it.</summary>
    private static void ValidateNamespace(AdmissionRequest request)
    {
        var policy = NamespacePolicy.FromLabels(request.Object.At("metadata", "labels") as JsonObject);
        var old = request.OldObject is { } oldObject ? NamespacePolicy.FromLabels(oldObject.At("metadata", "labels") as JsonObject) : null;
        if (policy.Errors.Count > 0 && (old is null || !policy.Errors.SequenceEqual(old.Errors)))
        {
            throw ApiException.Invalid("", "Namespace", request.Name, policy.Errors);
        }
        if (old is null || policy.Enforce == old.Enforce || policy.Enforce.Level == PodSecurityLevel.Privileged
            || (policy.Enforce.Minor == old.Enforce.Minor && policy.Enforce.Level <= old.Enforce.Level))
        {
            return;
        }
        foreach (var warning in ExistingPodWarnings(request.Name, policy.Enforce, request.Objects.List(request.Objects.Resource("", "v1", "pods"), request.Name)))
        {
            request.Warn(warning);
        }
    }

    /// <summary>kube's EvaluatePodsInNamespace: one warning per distinct set of reasons, naming the first pod and how many others share it.</summary>
    public static List<string> ExistingPodWarnings(string ns, LevelVersion enforce, IReadOnlyList<JsonObject> pods)
    {
        var warnings = new List<string>();
        var byReasons = new Dictionary<string, (string First, int Count)>(StringComparer.Ordinal);
        foreach (var pod in pods.Take(MaxPodsToCheck))
        {
            var violations = PodSecurityEvaluator.Evaluate(enforce, pod["metadata"] as JsonObject ?? [], pod["spec"] as JsonObject ?? []);
            if (violations.Count == 0)
            {
                continue;
            }
            var reasons = PodSecurityEvaluator.Reasons(violations);
            var name = pod.Str("metadata", "name") ?? "";
            byReasons[reasons] = byReasons.TryGetValue(reasons, out var seen)
                ? (string.CompareOrdinal(name, seen.First) < 0 ? name : seen.First, seen.Count + 1)
                : (name, 1);
        }
        if (pods.Count > MaxPodsToCheck)
        {
            warnings.Add($"new PodSecurity enforce level only checked against the first {MaxPodsToCheck} of {pods.Count} existing pods");
        }
        if (byReasons.Count > 0)
        {
            warnings.Add($"existing pods in namespace \"{ns}\" violate the new PodSecurity enforce level \"{enforce}\"");
        }
        warnings.AddRange(byReasons.Select(e => e.Value.Count switch
        {
            1 => $"{e.Value.First}: {e.Key}",
            2 => $"{e.Value.First} (and 1 other pod): {e.Key}",
            _ => $"{e.Value.First} (and {e.Value.Count - 1} other pods): {e.Key}",
        }).Order(StringComparer.Ordinal));
        return warnings;
    }

    /// <summary>kube's isSignificantPodUpdate: only images, the number of containers and seccomp annotations can change what a pod violates.</summary>
    private static bool IsSignificantUpdate(JsonObject pod, JsonObject old)
    {
        static string Images(JsonObject obj, string field) => string.Join("\n", (obj.At("spec", field) as JsonArray ?? []).OfType<JsonObject>().Select(c => $"{c.Str("name")}={c.Str("image")}"));
        static string Seccomp(JsonObject obj) => string.Join("\n", (obj.At("metadata", "annotations") as JsonObject ?? [])
            .Where(a => a.Key.StartsWith("seccomp.security.alpha.kubernetes.io/pod", StringComparison.Ordinal) || a.Key.StartsWith("container.seccomp.security.alpha.kubernetes.io/", StringComparison.Ordinal))
            .Select(a => $"{a.Key}={a.Value.Text()}").Order(StringComparer.Ordinal));
        return new[] { "containers", "initContainers", "ephemeralContainers" }.Any(field => Images(pod, field) != Images(old, field)) || Seccomp(pod) != Seccomp(old);
    }
}
