using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Core;

/// <summary>ConfigMaps (pkg/registry/core/configmap): keys checked, data kept once marked immutable.</summary>
public sealed class ConfigMapStrategy : ResourceStrategy
{
    protected override void Validate(JsonObject obj, List<FieldError> errors) => ConfigDataValidator.ConfigMap(obj, errors);

    protected override void ValidateChanges(JsonObject obj, JsonObject old, List<FieldError> errors) =>
        ImmutableFields.CheckData(obj, old, errors);
}
