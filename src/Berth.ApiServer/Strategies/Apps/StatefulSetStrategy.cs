using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Apps;

/// <summary>StatefulSets: apps/v1 defaults and checks; an update changes only the fields kube lets it.</summary>
public sealed class StatefulSetStrategy() : AppsWorkloadStrategy("StatefulSet")
{
    private static readonly string[] s_mutable = ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

    protected override void ValidateChanges(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        if (!ImmutableFields.SameExcept(obj["spec"], old["spec"], s_mutable))
        {
            errors.Add(FieldError.Forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        }
    }
}
