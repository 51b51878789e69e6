using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>
/// Validates objects of the built-in kinds as the Kubernetes API server does after defaulting;
/// a non-empty result becomes a 422 Invalid Status (<see cref="InvalidObjectStatus"/>).
/// </summary>
public static class ObjectValidator
{
    /// <summary>The field errors of a new object (run <see cref="ObjectDefaulter.Apply"/> first).</summary>
    public static IReadOnlyList<FieldError> ValidateCreate(JsonObject obj, GroupVersionKind gvk)
    {
        var errors = new List<FieldError>();
        MetadataValidator.Validate(obj, gvk, errors);
        Content(obj, gvk, errors);
        return errors;
    }

    /// <summary>The field errors of an update: those of the new object, plus changes to immutable fields.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(JsonObject obj, JsonObject old, GroupVersionKind gvk)
    {
        var errors = new List<FieldError>();
        MetadataValidator.Validate(obj, gvk, errors);
        Content(obj, gvk, errors);
        UpdateValidator.Validate(obj, old, gvk, errors);
        return errors;
    }

    private static void Content(JsonObject obj, GroupVersionKind gvk, List<FieldError> errors)
    {
        var spec = obj["spec"] as JsonObject ?? [];
        switch ((gvk.Group, gvk.Kind))
        {
            case ("", "Pod"):
                PodSpecValidator.Validate(obj["spec"] as JsonObject, "spec", errors);
                break;
            case ("", "PodTemplate"):
                PodSpecValidator.Validate(obj.At("template", "spec") as JsonObject, "template.spec", errors);
                break;
            case ("", "Service"):
                ServiceValidator.Validate(spec, errors);
                break;
            case ("", "ConfigMap"):
                ConfigDataValidator.ConfigMap(obj, errors);
                break;
            case ("", "Secret"):
                ConfigDataValidator.Secret(obj, errors);
                break;
            case ("", "PersistentVolumeClaim"):
                if (spec.Count("accessModes") == 0)
                {
                    errors.Add(FieldError.Required("spec.accessModes", "at least 1 access mode is required"));
                }

                if (spec.At("resources", "requests", "storage") is null)
                {
                    errors.Add(FieldError.Required("spec.resources[storage]"));
                }

                break;
            case ("", "PersistentVolume"):
                if (spec.At("capacity", "storage") is null)
                {
                    errors.Add(FieldError.Required("spec.capacity"));
                }

                if (spec.Count("accessModes") == 0)
                {
                    errors.Add(FieldError.Required("spec.accessModes"));
                }

                break;
            case ("apps", var kind):
                WorkloadValidator.Apps(kind, spec, errors);
                break;
            case ("batch", "Job"):
                WorkloadValidator.Job(spec, "spec", errors);
                break;
            case ("batch", "CronJob"):
                WorkloadValidator.CronJob(spec, errors);
                break;
            case ("autoscaling", "HorizontalPodAutoscaler"):
                HorizontalPodAutoscaler(spec, errors);
                break;
            case ("networking.k8s.io", "Ingress"):
                NetworkingValidator.Ingress(spec, errors);
                break;
            case ("discovery.k8s.io", "EndpointSlice"):
                NetworkingValidator.EndpointSlice(obj, errors);
                break;
        }
    }

    private static void HorizontalPodAutoscaler(JsonObject spec, List<FieldError> errors)
    {
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
