using System.Text.Json.Nodes;
using Berth.ApiServer.Patching;

namespace Berth.ApiServer.Validation;

/// <summary>The fields Kubernetes refuses to change on update (ValidateXUpdate of each kind).</summary>
internal static class UpdateValidator
{
    private const string PodUpdateForbidden =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    private static readonly string[] s_statefulSetMutable = ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

    public static void Validate(JsonObject obj, JsonObject old, GroupVersionKind gvk, List<FieldError> errors)
    {
        Immutable(obj, old, "metadata.namespace", errors, "metadata", "namespace");
        Immutable(obj, old, "metadata.uid", errors, "metadata", "uid");

        switch ((gvk.Group, gvk.Kind))
        {
            case ("apps", "Deployment" or "ReplicaSet" or "DaemonSet"):
                Immutable(obj, old, "spec.selector", errors, "spec", "selector");
                break;
            case ("apps", "StatefulSet"):
                if (!SameExcept(obj["spec"], old["spec"], s_statefulSetMutable))
                {
                    errors.Add(FieldError.Forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
                }

                break;
            case ("batch", "Job"):
                if (old.At("spec", "selector") is not null)
                {
                    Immutable(obj, old, "spec.selector", errors, "spec", "selector");
                }

                Immutable(obj, old, "spec.completionMode", errors, "spec", "completionMode");
                if (!old.Bool("spec", "suspend"))
                {
                    Immutable(obj, old, "spec.template", errors, "spec", "template");
                }

                break;
            case ("", "Pod"):
                Pod(obj, old, errors);
                break;
            case ("", "ConfigMap" or "Secret"):
                ImmutableData(obj, old, errors);
                if (gvk.Kind == "Secret")
                {
                    Immutable(obj, old, "type", errors, "type");
                }

                break;
            case ("", "Service"):
                if (old.Str("spec", "clusterIP") is { Length: > 0 } && old.Str("spec", "type") != "ExternalName" && obj.Str("spec", "type") != "ExternalName")
                {
                    Immutable(obj, old, "spec.clusterIP", errors, "spec", "clusterIP");
                }

                break;
            case ("", "PersistentVolumeClaim"):
                if (!SameExcept(obj["spec"], old["spec"], ["resources", "volumeAttributesClassName"]))
                {
                    errors.Add(FieldError.Forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"));
                }

                break;
        }
    }

    private static void Immutable(JsonObject obj, JsonObject old, string field, List<FieldError> errors, params string[] path)
    {
        var value = obj.At(path);
        if (!JsonValueEquality.AreEqual(value, old.At(path)))
        {
            errors.Add(FieldError.Invalid(field, value?.DeepClone(), "field is immutable"));
        }
    }

    private static void ImmutableData(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        if (!old.Bool("immutable"))
        {
            return;
        }

        if (!obj.Bool("immutable"))
        {
            errors.Add(FieldError.Forbidden("immutable", "field is immutable when `immutable` is set"));
        }

        foreach (var field in new[] { "data", "binaryData" })
        {
            if (!JsonValueEquality.AreEqual(obj[field], old[field]))
            {
                errors.Add(FieldError.Forbidden(field, "field is immutable when `immutable` is set"));
            }
        }
    }

    /// <summary>A pod's spec may change only images, activeDeadlineSeconds, added tolerations, terminationGracePeriodSeconds, and an unset nodeName (binding).</summary>
    private static void Pod(JsonObject obj, JsonObject old, List<FieldError> errors)
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
        if (!JsonValueEquality.AreEqual(Normalized(comparable), Normalized(oldSpec)) || !additionsOnly)
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

    private static bool SameExcept(JsonNode? spec, JsonNode? oldSpec, IReadOnlyCollection<string> mutable)
    {
        var a = spec is JsonObject x ? (JsonObject)x.DeepClone() : [];
        var b = oldSpec is JsonObject y ? (JsonObject)y.DeepClone() : [];
        foreach (var field in mutable)
        {
            a.Remove(field);
            b.Remove(field);
        }

        return JsonValueEquality.AreEqual(a, b);
    }

    /// <summary>Drops null members, which compare equal to absent ones.</summary>
    private static JsonObject Normalized(JsonObject spec)
    {
        var copy = (JsonObject)spec.DeepClone();
        foreach (var name in copy.Where(p => p.Value is null).Select(p => p.Key).ToArray())
        {
            copy.Remove(name);
        }

        return copy;
    }
}
