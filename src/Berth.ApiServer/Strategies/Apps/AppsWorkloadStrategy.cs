using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Apps;

/// <summary>
/// Deployments, ReplicaSets and DaemonSets (pkg/registry/apps/*): apps/v1 defaults and checks of
/// the workload and its pod template; the selector never changes.
/// </summary>
/// <param name="kind">The apps/v1 kind whose defaults and checks apply.</param>
public class AppsWorkloadStrategy(string kind) : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        if (obj["spec"] is JsonObject spec)
        {
            WorkloadDefaults.Apps(kind, spec);
        }
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors) =>
        WorkloadValidator.Apps(kind, obj["spec"] as JsonObject ?? [], errors);

    protected override void ValidateChanges(JsonObject obj, JsonObject old, List<FieldError> errors) =>
        ImmutableFields.Check(obj, old, "spec.selector", errors, "spec", "selector");
}
