using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Berth.ApiServer.Validation;

/// <summary>
/// Checks that every known field holds the JSON type its model declares, as the Kubernetes decoder
/// does before anything else, so no stored object breaks a typed client. Messages follow Go's
/// encoding/json: <c>json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32</c>.
/// </summary>
public static partial class FieldTypes
{
    /// <summary>The first type error of an object of a kind, or null when it decodes; unknown kinds always decode.</summary>
    public static string? FindError(JsonNode? obj, GroupVersionKind gvk)
    {
        var type = KubernetesModelTypes.Find(gvk);
        return type is null ? null : FindError(obj, ModelSchema.For(type));
    }

    private static readonly ConcurrentDictionary<Type, string> StructNames = new();

    /// <summary>The first type error of a JSON value against a schema, or null.</summary>
    public static string? FindError(JsonNode? node, ModelSchema schema) => Check(node, schema, new FieldPath(), StructName(schema.ModelType));

    /// <summary>
    /// The message of a body that cannot be decoded, as kubectl prints it after "Error from server (BadRequest):":
    /// <c>Deployment in version "v1" cannot be handled as a Deployment: &lt;detail&gt;</c> (also used for strict unknown-field errors).
    /// </summary>
    public static string CannotBeHandled(GroupVersionKind gvk, string detail) =>
        $"{gvk.Kind} in version \"{gvk.Version}\" cannot be handled as a {gvk.Kind}: {detail}";

    private static string? Check(JsonNode? node, ModelSchema schema, FieldPath path, string structName)
    {
        if (node is null)
        {
            return null;
        }

        switch (schema.Kind)
        {
            case SchemaKind.Any:
                return null;
            case SchemaKind.Object when node is JsonObject obj:
                var name = StructName(schema.ModelType);
                foreach (var (field, value) in obj)
                {
                    if (schema.Field(field) is not { } child)
                    {
                        continue;
                    }
                    path.Push(field);
                    var error = Check(value, child, path, name);
                    path.Pop();
                    if (error is not null)
                    {
                        return error;
                    }
                }

                return null;
            case SchemaKind.Map when node is JsonObject map:
                foreach (var (key, value) in map)
                {
                    if (Check(value, schema.Element!, path, structName) is { } error)
                    {
                        return error;
                    }
                }

                return null;
            case SchemaKind.List when node is JsonArray list:
                foreach (var item in list)
                {
                    if (Check(item, schema.Element!, path, structName) is { } error)
                    {
                        return error;
                    }
                }

                return null;
            case SchemaKind.Scalar when node is JsonValue value:
                return Scalar(value, schema.ModelType, path, structName);
            default:
                return Mismatch(node, schema, path, structName);
        }
    }

    private static string? Scalar(JsonValue value, Type type, FieldPath path, string structName)
    {
        var kind = value.GetValueKind();
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var ok = t switch
        {
            _ when t == typeof(string) => kind == JsonValueKind.String,
            _ when t == typeof(bool) => kind is JsonValueKind.True or JsonValueKind.False,
            _ when t == typeof(int) => kind == JsonValueKind.Number && (value.TryGetValue(out JsonElement element)
                ? element.TryGetInt32(out _)
                : int.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)),
            _ when t == typeof(long) => kind == JsonValueKind.Number && (value.TryGetValue(out JsonElement element)
                ? element.TryGetInt64(out _)
                : long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)),
            _ when t == typeof(double) || t == typeof(float) || t == typeof(decimal) => kind == JsonValueKind.Number,
            _ when t == typeof(DateTime) || t == typeof(DateTimeOffset) => kind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
            _ when t == typeof(byte[]) => kind == JsonValueKind.String && Base64ErrorIndex(value.GetValue<string>()) < 0,
            _ when t == typeof(IntOrString) => kind is JsonValueKind.String or JsonValueKind.Number,
            _ when t == typeof(ResourceQuantity) => kind == JsonValueKind.Number || (kind == JsonValueKind.String && QuantityRegex().IsMatch(value.GetValue<string>())),
            _ => true,
        };
        if (ok)
        {
            return null;
        }

        if (t == typeof(byte[]) && kind == JsonValueKind.String)
        {
            return $"illegal base64 data at input byte {Base64ErrorIndex(value.GetValue<string>())}";
        }

        if (t == typeof(ResourceQuantity) && kind == JsonValueKind.String)
        {
            return "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
        }

        return $"json: cannot unmarshal {JsonKind(kind)} into Go struct field {structName}.{path} of type {GoType(t)}";
    }

    private static string Mismatch(JsonNode node, ModelSchema schema, FieldPath path, string structName)
    {
        var kind = node switch
        {
            JsonObject => "object",
            JsonArray => "array",
            _ => JsonKind(node.GetValueKind()),
        };
        return path.IsEmpty
            ? $"json: cannot unmarshal {kind} into Go value of type {GoType(schema.ModelType)}"
            : $"json: cannot unmarshal {kind} into Go struct field {structName}.{path} of type {GoType(schema.ModelType)}";
    }

    /// <summary>The index of the first byte Go's padded base64 decoder rejects, or -1 when the text decodes.</summary>
    private static int Base64ErrorIndex(string text)
    {
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out _))
        {
            return -1;
        }

        var bad = text.AsSpan().IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n");
        return bad >= 0 ? bad : text.Length - (text.Length % 4);
    }

    private static string JsonKind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    /// <summary>The Go type Kubernetes would name: int32, []v1.Container, map[string]string, v1.PodSpec.</summary>
    private static string GoType(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string))
        {
            return "string";
        }

        if (t == typeof(bool))
        {
            return "bool";
        }

        if (t == typeof(int))
        {
            return "int32";
        }

        if (t == typeof(long))
        {
            return "int64";
        }

        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal))
        {
            return "float64";
        }

        if (t == typeof(DateTime) || t == typeof(DateTimeOffset))
        {
            return "v1.Time";
        }

        if (t == typeof(byte[]))
        {
            return "[]uint8";
        }

        if (t == typeof(IntOrString))
        {
            return "intstr.IntOrString";
        }

        if (t == typeof(ResourceQuantity))
        {
            return "resource.Quantity";
        }

        var schema = ModelSchema.For(t);
        return schema.Kind switch
        {
            SchemaKind.List => "[]" + GoType(schema.Element!.ModelType),
            SchemaKind.Map => "map[string]" + GoType(schema.Element!.ModelType),
            _ => "v1." + StructName(t),
        };
    }

    /// <summary>V1DeploymentSpec → DeploymentSpec, Corev1EventSeries → EventSeries (once per type: every object checked asks).</summary>
    private static string StructName(Type type) => StructNames.GetOrAdd(type, static t => VersionPrefixRegex().Replace(t.Name, ""));

    [GeneratedRegex("^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)\\z")]
    private static partial Regex QuantityRegex();

    [GeneratedRegex("^([A-Z][a-z]+)?[Vv][0-9]+((alpha|beta)[0-9]+)?(?=[A-Z])")]
    private static partial Regex VersionPrefixRegex();
}
