using System.Text.Json.Nodes;

namespace Berth.ApiServer.FieldManagement;

/// <summary>
/// A list's server-side apply semantics: its kind and, for a map, the key fields
/// (x-kubernetes-list-map-keys) with the defaults the schema gives some of them (a container
/// port without protocol is keyed as protocol TCP).
/// </summary>
public sealed record ListType(ListKind Kind, IReadOnlyList<string> Keys, IReadOnlyDictionary<string, string> KeyDefaults)
{
    public static readonly ListType Atomic = new(ListKind.Atomic, [], new Dictionary<string, string>());

    public static readonly ListType Set = new(ListKind.Set, [], new Dictionary<string, string>());

    public static ListType Map(params string[] keys) => new(ListKind.Map, keys, new Dictionary<string, string>());

    public ListType WithDefault(string key, string value) =>
        this with { KeyDefaults = new Dictionary<string, string>(KeyDefaults) { [key] = value } };

    /// <summary>
    /// The path element of a list item: <c>k:{...}</c> with the key fields sorted by name, or
    /// <c>v:...</c> for a set value. Null when an item of a map lacks a key that has no default.
    /// </summary>
    public string? ElementOf(JsonNode? item, out string? missingKey)
    {
        missingKey = null;
        if (Kind != ListKind.Map)
        {
            return FieldPath.Value(item);
        }

        var key = new JsonObject();
        foreach (var field in Keys.Order(StringComparer.Ordinal))
        {
            if ((item as JsonObject)?[field] is JsonValue value)
            {
                key[field] = value.DeepClone();
            }
            else if (KeyDefaults.TryGetValue(field, out var fallback))
            {
                key[field] = fallback;
            }
            else
            {
                missingKey = field;
                return null;
            }
        }

        return FieldPath.Key(key);
    }
}
