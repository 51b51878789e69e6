using System.Text.Json.Nodes;
using Berth.ApiServer.Patching;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Strategies.Node;
using Berth.ApiServer.Strategies.Scheduling;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Core;

/// <summary>
/// Pods (pkg/registry/core/pod): the pod spec's defaults and the admission defaults of a default
/// cluster, Pending status, a spec that updates may change only in a few places, and a graceful
/// delete while the pod is on a node.
/// </summary>
public sealed class PodStrategy(DefaultTolerationSeconds tolerationSeconds) : ResourceStrategy
{
    private const string PodUpdateForbidden =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public override void Default(JsonObject obj)
    {
        var spec = obj.Child("spec");
        PodSpecDefaults.Apply(spec);
        RequestsFromLimits(spec);

        // Admission plugins of a default cluster: ServiceAccount, DefaultTolerationSeconds (Priority: AdmitAsync).
        spec.SetDefault("serviceAccountName", "default");
        spec.SetDefault("serviceAccount", spec["serviceAccountName"]!.DeepClone());
        var tolerations = spec["tolerations"] as JsonArray ?? [];
        foreach (var (taint, seconds) in new[] { ("node.kubernetes.io/not-ready", tolerationSeconds.NotReady), ("node.kubernetes.io/unreachable", tolerationSeconds.Unreachable) })
        {
            if (!tolerations.OfType<JsonObject>().Any(t => t.Str("key") == taint && t.Str("effect") is null or "NoExecute"))
            {
                tolerations.Add((JsonNode)new JsonObject
                {
                    ["key"] = taint,
                    ["operator"] = "Exists",
                    ["effect"] = "NoExecute",
                    ["tolerationSeconds"] = seconds,
                });
            }
        }

        spec["tolerations"] = tolerations;

        var status = obj.Child("status");
        status.SetDefault("phase", "Pending");
        status.SetDefault("qosClass", QosClass.Of(spec));
    }

    /// <summary>kube's SetDefaults_Pod: a container that limits a resource without requesting it requests its limit.</summary>
    private static void RequestsFromLimits(JsonObject spec)
    {
        foreach (var container in spec.Items("containers").Concat(spec.Items("initContainers")))
        {
            if (container.At("resources", "limits") is not JsonObject { Count: > 0 } limits)
            {
                continue;
            }
            var requests = container.Child("resources").Child("requests");
            foreach (var (name, limit) in limits)
            {
                if (!requests.ContainsKey(name))
                {
                    requests[name] = limit?.DeepClone();
                }
            }
        }
    }

    /// <summary>A replace that leaves out what the Priority admission set on create keeps it.</summary>
    public override void DefaultUpdate(JsonObject obj, JsonObject old)
    {
        var spec = obj.Child("spec");
        foreach (var field in new[] { "priority", "preemptionPolicy" })
        {
            if (spec[field] is null && old.At("spec", field) is { } kept)
            {
                spec[field] = kept.DeepClone();
            }
        }
        Default(obj);
    }

    /// <summary>The Priority admission plugin on create.</summary>
    public override async ValueTask AdmitAsync(JsonObject obj, JsonObject? old, ObjectLookup objects, CancellationToken cancellationToken)
    {
        if (old is null)
        {
            await PriorityAdmission.AdmitPodAsync(obj, objects, cancellationToken);
            await RuntimeClassAdmission.AdmitPodAsync(obj, objects, cancellationToken);
        }
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors) =>
        PodSpecValidator.Validate(obj["spec"] as JsonObject, "spec", errors);

    protected override void ValidateCreation(JsonObject obj, List<FieldError> errors)
    {
        if (obj["spec"] is JsonObject spec)
        {
            EphemeralContainerValidator.ValidateCreate(spec, errors);
        }
    }

    /// <summary>The ephemeralcontainers subresource only adds ephemeral containers; every other write follows the pod's update rules.</summary>
    protected override void ValidateChanges(JsonObject obj, JsonObject old, UpdateTarget target, List<FieldError> errors)
    {
        if (target != UpdateTarget.EphemeralContainers)
        {
            ValidateChanges(obj, old, errors);
        }
        else if (obj["spec"] is JsonObject spec && old["spec"] is JsonObject oldSpec)
        {
            EphemeralContainerValidator.ValidateUpdate(spec, oldSpec, errors);
        }
    }

    /// <summary>A pod's spec may change only images, activeDeadlineSeconds, added tolerations, terminationGracePeriodSeconds, and an unset nodeName (binding).</summary>
    protected override void ValidateChanges(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        if (obj["spec"] is not JsonObject spec || old["spec"] is not JsonObject oldSpec)
        {
            return;
        }

        var comparable = (JsonObject)spec.DeepClone();
        foreach (var field in new[] { "containers", "initContainers" })
        {
            var oldContainers = oldSpec[field] as JsonArray;
            var i = 0;
            foreach (var container in comparable.Items(field))
            {
                if (oldContainers is not null && i < oldContainers.Count && oldContainers[i] is JsonObject before)
                {
                    container["image"] = before["image"]?.DeepClone();
                }

                i++;
            }
        }

        foreach (var field in new[] { "activeDeadlineSeconds", "terminationGracePeriodSeconds", "tolerations" })
        {
            comparable[field] = oldSpec[field]?.DeepClone();
        }

        // The binding subresource assigns a node once through the same update path.
        if (string.IsNullOrEmpty(oldSpec.Str("nodeName")))
        {
            comparable["nodeName"] = oldSpec["nodeName"]?.DeepClone();
        }

        var additionsOnly = oldSpec.Items("tolerations").All(t => spec.Items("tolerations").Any(n => JsonValueEquality.AreEqual(t, n)));
        if (!JsonValueEquality.AreEqual(WithoutNulls(comparable), WithoutNulls(oldSpec)) || !additionsOnly)
        {
            errors.Add(FieldError.Forbidden("spec", PodUpdateForbidden));
        }

        foreach (var (container, i) in spec.Items("containers").Select((c, i) => (c, i)))
        {
            if (string.IsNullOrWhiteSpace(container.Str("image")))
            {
                errors.Add(FieldError.Required($"spec.containers[{i}].image"));
            }
        }
    }

    /// <summary>A pod on a node ends gracefully: its node agent stops it, then deletes it with grace 0.</summary>
    public override long GracePeriodSeconds(JsonObject obj, DeleteRequest request) =>
        string.IsNullOrEmpty(obj.Str("spec", "nodeName"))
            ? 0
            : request.GracePeriodSeconds ?? obj.Int("spec", "terminationGracePeriodSeconds") ?? 30;

    /// <summary>Drops null members, which compare equal to absent ones.</summary>
    private static JsonObject WithoutNulls(JsonObject spec)
    {
        var copy = (JsonObject)spec.DeepClone();
        foreach (var name in copy.Where(p => p.Value is null).Select(p => p.Key).ToArray())
        {
            copy.Remove(name);
        }

        return copy;
    }
}
