using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Core;

/// <summary>Secrets (pkg/registry/core/secret): type Opaque, write-only stringData merged into data, keys checked, type and immutable data kept.</summary>
public sealed class SecretStrategy : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        obj.SetDefault("type", "Opaque");
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = obj.Child("data");
            foreach (var (key, value) in stringData)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(v.GetValue<string>()));
                }
            }

            obj.Remove("stringData");
        }
    }

    protected override void Validate(JsonObject obj, List<FieldError> errors) => ConfigDataValidator.Secret(obj, errors);

    protected override void ValidateChanges(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        ImmutableFields.CheckData(obj, old, errors);
        ImmutableFields.Check(obj, old, "type", errors, "type");
    }
}
