using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Scheduling;

/// <summary>
/// PriorityClasses (pkg/registry/scheduling/priorityclass, pkg/apis/scheduling/validation and the
/// Priority admission plugin's class checks): preemptionPolicy defaults to PreemptLowerPriority;
/// user classes stay at or below 1,000,000,000 and off the <c>system-</c> prefix; value and
/// preemptionPolicy never change; one globalDefault at a time; system classes are never deleted.
/// </summary>
public sealed class PriorityClassStrategy : ResourceStrategy
{
    internal static readonly string[] PreemptionPolicies = ["Never", "PreemptLowerPriority"];

    public override void Default(JsonObject obj) => obj.SetDefault("preemptionPolicy", "PreemptLowerPriority");

    public override ValueTask AdmitAsync(JsonObject obj, JsonObject? old, ObjectLookup objects, CancellationToken cancellationToken)
    {
        if (!obj.Bool("globalDefault"))
        {
            return ValueTask.CompletedTask;
        }
        var name = obj.Str("metadata", "name") ?? "";
        var classes = objects.List(objects.Resource("scheduling.k8s.io", "v1", "priorityclasses"));
        if (PriorityAdmission.GlobalDefault(classes) is { } existing && (old is null || existing.Str("metadata", "name") != name))
        {
            throw ApiException.Forbidden("scheduling.k8s.io", "priorityclasses", name,
                $"PriorityClass {existing.Str("metadata", "name")} is already marked as default. Only one default can exist");
        }
        return ValueTask.CompletedTask;
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors)
    {
        var name = obj.Str("metadata", "name") ?? "";
        var value = obj.Int("value") ?? 0;
        if (name.StartsWith(SystemPriorityClasses.Prefix, StringComparison.Ordinal))
        {
            if (SystemPriorityClasses.Mismatch(name, value, obj.Bool("globalDefault")) is { } why)
            {
                errors.Add(FieldError.Forbidden("metadata.name", $"priority class names with '{SystemPriorityClasses.Prefix}' prefix are reserved for system use only. error: {why}"));
            }
        }
        else if (value > SystemPriorityClasses.HighestUserDefinablePriority)
        {
            errors.Add(FieldError.Forbidden("value", $"maximum allowed value of a user defined priority is {SystemPriorityClasses.HighestUserDefinablePriority}"));
        }
        PodSpecValidator.OneOf(obj, "preemptionPolicy", PreemptionPolicies, "", errors);
    }

    protected override void ValidateChanges(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        if ((obj.Int("value") ?? 0) != (old.Int("value") ?? 0))
        {
            errors.Add(FieldError.Forbidden("value", "may not be changed in an update."));
        }
        ImmutableFields.Check(obj, old, "preemptionPolicy", errors, "preemptionPolicy");
    }

    public override void CheckDelete(JsonObject obj)
    {
        if (obj.Str("metadata", "name") is { } name && SystemPriorityClasses.IsSystem(name))
        {
            // kube names the class where the resource goes: "system-node-critical.scheduling.k8s.io is forbidden: …".
            throw ApiException.Forbidden("scheduling.k8s.io", name, "", "this is a system priority class and cannot be deleted");
        }
    }
}
