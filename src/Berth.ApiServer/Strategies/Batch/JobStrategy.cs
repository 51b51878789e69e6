using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Batch;

/// <summary>
/// Jobs (pkg/registry/batch/job): batch/v1 defaults with the generated selector and pod labels,
/// checks of the spec; selector and completion mode fixed, the template only while suspended.
/// </summary>
public sealed class JobStrategy : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        if (obj["spec"] is JsonObject spec)
        {
            WorkloadDefaults.Job(obj, spec);
        }
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors) =>
        WorkloadValidator.Job(obj["spec"] as JsonObject ?? [], "spec", errors);

    protected override void ValidateChanges(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        if (old.At("spec", "selector") is not null)
        {
            ImmutableFields.Check(obj, old, "spec.selector", errors, "spec", "selector");
        }

        ImmutableFields.Check(obj, old, "spec.completionMode", errors, "spec", "completionMode");
        if (!old.Bool("spec", "suspend"))
        {
            ImmutableFields.Check(obj, old, "spec.template", errors, "spec", "template");
        }
    }
}
