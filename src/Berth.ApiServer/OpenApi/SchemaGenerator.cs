using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Validation;
using k8s.Models;

namespace Berth.ApiServer.OpenApi;

/// <summary>
/// Builds OpenAPI schemas for the k8s.Models types by reflection: JSON names from their
/// <see cref="JsonPropertyNameAttribute"/>, descriptions from <see cref="ModelDocumentation"/>.
/// Top-level kinds carry <c>x-kubernetes-group-version-kind</c>, which kubectl explain looks for.
/// </summary>
public sealed class SchemaGenerator(string refPrefix, IReadOnlyList<ResourceDefinition> kinds)
{
    private readonly Dictionary<Type, string> _names = [];
    private readonly JsonObject _schemas = [];
    private readonly Queue<Type> _pending = new();

    /// <summary>All schemas referenced from the given root types, keyed by name.</summary>
    public JsonObject Generate(IEnumerable<Type> roots, ModelDocumentation documentation)
    {
        foreach (var root in roots)
        {
            Reference(root);
        }
        while (_pending.TryDequeue(out var type))
        {
            _schemas[_names[type]] = ObjectSchema(type, documentation);
        }
        return _schemas;
    }

    /// <summary>Every model type reachable from the roots (for loading only the documentation needed).</summary>
    public static IReadOnlySet<Type> Reachable(IEnumerable<Type> roots)
    {
        var seen = new HashSet<Type>();
        var stack = new Stack<Type>(roots);
        while (stack.TryPop(out var type))
        {
            if (!IsModel(type) || !seen.Add(type))
            {
                continue;
            }
            foreach (var property in JsonProperties(type))
            {
                foreach (var inner in Unwrap(property.PropertyType))
                {
                    stack.Push(inner);
                }
            }
        }
        return seen;
    }

    public string NameOf(Type type) => _names.TryGetValue(type, out var name) ? name : SchemaName(type);

    private JsonNode Reference(Type type)
    {
        if (!_names.TryGetValue(type, out var name))
        {
            name = SchemaName(type);
            _names[type] = name;
            _pending.Enqueue(type);
        }
        return new JsonObject { ["$ref"] = refPrefix + name };
    }

    private JsonObject ObjectSchema(Type type, ModelDocumentation documentation)
    {
        var properties = new JsonObject();
        foreach (var property in JsonProperties(type))
        {
            var schema = PropertySchema(property.PropertyType);
            var description = documentation.ForProperty(type, property.Name) ?? property.Name;
            if (schema is JsonObject { Count: 1 } reference && reference.ContainsKey("$ref"))
            {
                // A $ref cannot carry siblings in OpenAPI 3.0; allOf keeps the description (as Kubernetes does).
                schema = new JsonObject { ["allOf"] = new JsonArray(reference), ["description"] = description };
            }
            else
            {
                ((JsonObject)schema)["description"] = description;
            }
            properties[property.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name] = schema;
        }
        var result = new JsonObject
        {
            ["description"] = documentation.ForType(type) ?? type.Name,
            ["type"] = "object",
            ["properties"] = properties,
        };
        var gvks = kinds.Where(k => k.ModelType == type).Select(k => (JsonNode)new JsonObject
        {
            ["group"] = k.Group,
            ["kind"] = k.Kind,
            ["version"] = k.Version,
        }).ToArray();
        if (gvks.Length > 0)
        {
            result["x-kubernetes-group-version-kind"] = new JsonArray(gvks);
        }
        return result;
    }

    private JsonNode PropertySchema(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }
        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }
        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" };
        }
        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["type"] = "number", ["format"] = "double" };
        }
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }
        if (type == typeof(byte[]))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "byte" };
        }
        if (type == typeof(IntOrString))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "int-or-string", ["x-kubernetes-int-or-string"] = true };
        }
        if (type == typeof(ResourceQuantity))
        {
            return new JsonObject { ["type"] = "string" };
        }
        if (DictionaryValue(type) is { } value)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = PropertySchema(value) };
        }
        if (ListItem(type) is { } item)
        {
            return new JsonObject { ["type"] = "array", ["items"] = PropertySchema(item) };
        }
        if (IsModel(type))
        {
            return Reference(type);
        }
        return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = KubernetesModelTypes.Rooted)]
    private static IEnumerable<PropertyInfo> JsonProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null);

    private static IEnumerable<Type> Unwrap(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (DictionaryValue(type) is { } value)
        {
            return Unwrap(value);
        }
        if (ListItem(type) is { } item)
        {
            return Unwrap(item);
        }
        return [type];
    }

    private static bool IsModel(Type type) =>
        type.IsClass && type.Namespace == "k8s.Models" && type != typeof(IntOrString) && type != typeof(ResourceQuantity);

    private static Type? DictionaryValue(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(Dictionary<,>) || d == typeof(IReadOnlyDictionary<,>))
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? ListItem(Type type) =>
        type != typeof(string) && type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0] : null;

    /// <summary>Kubernetes-style names: io.k8s.api.apps.v1.Deployment for served kinds, k8s.Models.X otherwise.</summary>
    private string SchemaName(Type type)
    {
        var kind = kinds.FirstOrDefault(k => k.ModelType == type);
        if (kind is not null)
        {
            var group = kind.Group.Length == 0 ? "core" : kind.Group.Split('.')[0];
            return $"io.k8s.api.{group}.{kind.Version}.{kind.Kind}";
        }
        return type == typeof(V1ObjectMeta) ? "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" : $"io.k8s.models.{type.Name}";
    }
}
