using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>Null-tolerant reads along a path of object members, for filling cells from stored JSON.</summary>
internal static class NodeReader
{
    public static JsonNode? At(this JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
        }

        return node;
    }

    public static string? Str(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static long? Int(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;

    public static bool Bool(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static IEnumerable<JsonObject> Objects(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonArray list ? list.OfType<JsonObject>() : [];

    public static IEnumerable<string> Strings(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonArray list
            ? list.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>())
            : [];

    /// <summary>The members of a map of strings (labels, selectors), sorted by key.</summary>
    public static IEnumerable<KeyValuePair<string, string>> StringMap(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonObject map
            ? map.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                .Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<string>()))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
            : [];

    /// <summary>The number of members of an object, or elements of an array, at the path.</summary>
    public static int Count(this JsonNode? node, params ReadOnlySpan<string> path) => node.At(path) switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };

    /// <summary>A scalar at the path as text (IntOrString, quantities), or null.</summary>
    public static string? Text(this JsonNode? node, params ReadOnlySpan<string> path) => node.At(path) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => null,
    };
}
