using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Core;

/// <summary>PersistentVolumes: reclaim policy Retain, Filesystem mode, Pending phase; capacity and access modes required.</summary>
public sealed class PersistentVolumeStrategy : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        obj.Child("spec").SetDefault("persistentVolumeReclaimPolicy", "Retain");
        obj.Child("spec").SetDefault("volumeMode", "Filesystem");
        obj.Child("status").SetDefault("phase", "Pending");
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = obj["spec"] as JsonObject ?? [];
        if (spec.At("capacity", "storage") is null)
        {
            errors.Add(FieldError.Required("spec.capacity"));
        }

        if (spec.Count("accessModes") == 0)
        {
            errors.Add(FieldError.Required("spec.accessModes"));
        }
    }
}
