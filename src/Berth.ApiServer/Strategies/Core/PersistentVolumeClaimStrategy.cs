using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Core;

/// <summary>PersistentVolumeClaims: Filesystem mode, Pending phase; access modes and a storage request required; the spec fixed but for resources and the binding's volumeName.</summary>
public sealed class PersistentVolumeClaimStrategy : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        obj.Child("spec").SetDefault("volumeMode", "Filesystem");
        obj.Child("status").SetDefault("phase", "Pending");
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = obj["spec"] as JsonObject ?? [];
        if (spec.Count("accessModes") == 0)
        {
            errors.Add(FieldError.Required("spec.accessModes", "at least 1 access mode is required"));
        }

        if (spec.At("resources", "requests", "storage") is null)
        {
            errors.Add(FieldError.Required("spec.resources[storage]"));
        }
    }

    protected override void ValidateChanges(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        // As kube: volumeName may be set once (binding), storageClassName once while unset (a default class assigned later).
        var oldSpec = old["spec"] as JsonObject ?? [];
        var mutable = new List<string> { "resources", "volumeAttributesClassName" };
        if (string.IsNullOrEmpty(oldSpec.Str("volumeName")))
        {
            mutable.Add("volumeName");
        }
        if (oldSpec["storageClassName"] is null)
        {
            mutable.Add("storageClassName");
        }
        if (!ImmutableFields.SameExcept(obj["spec"], oldSpec, mutable))
        {
            errors.Add(FieldError.Forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"));
        }
    }
}
