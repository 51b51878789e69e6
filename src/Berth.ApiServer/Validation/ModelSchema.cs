using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Berth.ApiServer.Validation;

/// <summary>
/// The JSON shape of a KubernetesClient model type, read once by reflection over its
/// <see cref="JsonPropertyNameAttribute"/>s and cached; recursive types resolve lazily.
/// </summary>
[UnconditionalSuppressMessage("Trimming", "IL2070", Justification = KubernetesModelTypes.Rooted)]
[UnconditionalSuppressMessage("Trimming", "IL2075", Justification = KubernetesModelTypes.Rooted)]
public sealed class ModelSchema
{
    private static readonly ConcurrentDictionary<Type, ModelSchema> s_cache = new();

    /// <summary>The schema that accepts any JSON value.</summary>
    public static readonly ModelSchema AnyValue = new(SchemaKind.Any, typeof(object));

    private readonly Lazy<FrozenDictionary<string, ModelSchema>> _fields;
    private readonly Lazy<ModelSchema?> _element;

    private ModelSchema(SchemaKind kind, Type type, Type? elementType = null)
    {
        Kind = kind;
        ModelType = type;
        _fields = new Lazy<FrozenDictionary<string, ModelSchema>>(ReadFields);
        _element = new Lazy<ModelSchema?>(() => elementType is null ? null : For(elementType));
    }

    /// <summary>The JSON shape.</summary>
    public SchemaKind Kind { get; }

    /// <summary>The CLR type this schema was read from.</summary>
    public Type ModelType { get; }

    /// <summary>The fields of an <see cref="SchemaKind.Object"/>, by JSON name.</summary>
    public IReadOnlyDictionary<string, ModelSchema> Fields => _fields.Value;

    /// <summary>The element schema of a <see cref="SchemaKind.List"/> or the value schema of a <see cref="SchemaKind.Map"/>.</summary>
    public ModelSchema? Element => _element.Value;

    /// <summary>The schema of a field, or null when the object has no such field.</summary>
    public ModelSchema? Field(string name) => Kind == SchemaKind.Object ? Fields.GetValueOrDefault(name) : null;

    /// <summary>The schema of a model type.</summary>
    public static ModelSchema For(Type type) => s_cache.GetOrAdd(type, Create);

    private static ModelSchema Create(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(JsonElement) || t == typeof(object) || typeof(JsonNode).IsAssignableFrom(t))
        {
            return new ModelSchema(SchemaKind.Any, t);
        }

        if (t == typeof(string) || t.IsPrimitive || t.IsEnum || t == typeof(decimal) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(byte[]) || t.IsValueType)
        {
            return new ModelSchema(SchemaKind.Scalar, t);
        }

        if (GenericArgument(t, typeof(IDictionary<,>), 1) is { } valueType)
        {
            return new ModelSchema(SchemaKind.Map, t, valueType);
        }

        if (GenericArgument(t, typeof(IEnumerable<>), 0) is { } elementType)
        {
            return new ModelSchema(SchemaKind.List, t, elementType);
        }

        var hasJsonFields = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Any(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null);
        if (hasJsonFields)
        {
            return new ModelSchema(SchemaKind.Object, t);
        }

        // Types without JSON properties (IntOrString, ResourceQuantity) serialize as scalars.
        return new ModelSchema(SchemaKind.Scalar, t);
    }

    private static Type? GenericArgument(Type type, Type openInterface, int index)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == openInterface)
        {
            return type.GetGenericArguments()[index];
        }

        var match = type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface);
        return match?.GetGenericArguments()[index];
    }

    private FrozenDictionary<string, ModelSchema> ReadFields()
    {
        if (Kind != SchemaKind.Object)
        {
            return FrozenDictionary<string, ModelSchema>.Empty;
        }

        return ModelType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(p => p.Name is not null)
            .ToFrozenDictionary(p => p.Name!, p => For(p.Property.PropertyType), StringComparer.Ordinal);
    }
}
