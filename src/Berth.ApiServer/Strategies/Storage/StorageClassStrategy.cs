using System.Text.Json.Nodes;
using Berth.ApiServer.Patching;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Storage;

/// <summary>
/// storage.k8s.io/v1 StorageClasses (pkg/apis/storage/validation): a provisioner is required;
/// reclaimPolicy defaults to Delete (Delete or Retain), volumeBindingMode to Immediate (or
/// WaitForFirstConsumer); provisioner, parameters, reclaimPolicy and volumeBindingMode never change.
/// </summary>
public sealed class StorageClassStrategy : ResourceStrategy
{
    private static readonly string[] ReclaimPolicies = ["Delete", "Retain"];
    private static readonly string[] BindingModes = ["Immediate", "WaitForFirstConsumer"];

    public override void Default(JsonObject obj)
    {
        obj.SetDefault("reclaimPolicy", "Delete");
        obj.SetDefault("volumeBindingMode", "Immediate");
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(obj.Str("provisioner")))
        {
            errors.Add(FieldError.Required("provisioner"));
        }
        PodSpecValidator.OneOf(obj, "reclaimPolicy", ReclaimPolicies, "", errors);
        PodSpecValidator.OneOf(obj, "volumeBindingMode", BindingModes, "", errors);
    }

    protected override void ValidateChanges(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        foreach (var field in new[] { "parameters", "provisioner", "reclaimPolicy" })
        {
            if (!JsonValueEquality.AreEqual(obj[field], old[field]))
            {
                errors.Add(FieldError.Forbidden(field, $"updates to {field} are forbidden."));
            }
        }
        ImmutableFields.Check(obj, old, "volumeBindingMode", errors, "volumeBindingMode");
    }
}
