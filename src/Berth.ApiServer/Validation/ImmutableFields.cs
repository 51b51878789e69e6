using System.Text.Json.Nodes;
using Berth.ApiServer.Patching;

namespace Berth.ApiServer.Validation;

/// <summary>The checks of fields an update may not change (ValidateXUpdate of each kind).</summary>
internal static class ImmutableFields
{
    /// <summary>The field at <paramref name="path"/> must equal the old one: <c>field is immutable</c>.</summary>
    public static void Check(JsonObject obj, JsonObject old, string field, List<FieldError> errors, params string[] path)
    {
        var value = obj.At(path);
        if (!JsonValueEquality.AreEqual(value, old.At(path)))
        {
            errors.Add(FieldError.Invalid(field, value?.DeepClone(), "field is immutable"));
        }
    }

    /// <summary>A ConfigMap or Secret marked immutable keeps its data and the mark.</summary>
    public static void CheckData(JsonObject obj, JsonObject old, List<FieldError> errors)
    {
        if (!old.Bool("immutable"))
        {
            return;
        }

        if (!obj.Bool("immutable"))
        {
            errors.Add(FieldError.Forbidden("immutable", "field is immutable when `immutable` is set"));
        }

        foreach (var field in new[] { "data", "binaryData" })
        {
            if (!JsonValueEquality.AreEqual(obj[field], old[field]))
            {
                errors.Add(FieldError.Forbidden(field, "field is immutable when `immutable` is set"));
            }
        }
    }

    /// <summary>Whether two specs are equal once the <paramref name="mutable"/> fields are left out.</summary>
    public static bool SameExcept(JsonNode? spec, JsonNode? oldSpec, IReadOnlyCollection<string> mutable)
    {
        var a = spec is JsonObject x ? (JsonObject)x.DeepClone() : [];
        var b = oldSpec is JsonObject y ? (JsonObject)y.DeepClone() : [];
        foreach (var field in mutable)
        {
            a.Remove(field);
            b.Remove(field);
        }

        return JsonValueEquality.AreEqual(a, b);
    }
}
