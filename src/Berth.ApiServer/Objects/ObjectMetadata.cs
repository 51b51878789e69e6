using System.Text.Json.Nodes;

namespace Berth.ApiServer.Objects;

/// <summary>Reads and writes <c>metadata</c> fields of an object held as a JSON tree.</summary>
public static class ObjectMetadata
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }
        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? Get(JsonObject obj, string field) =>
        obj["metadata"] is JsonObject m && m[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static void Set(JsonObject obj, string field, JsonNode? value) => Of(obj)[field] = value;

    public static string Name(JsonObject obj) => Get(obj, "name") ?? "";

    public static string? Namespace(JsonObject obj) => Get(obj, "namespace");

    public static string Uid(JsonObject obj) => Get(obj, "uid") ?? "";

    public static bool IsDeleting(JsonObject obj) => Get(obj, "deletionTimestamp") is not null;

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj) => StringMap(obj, "labels");

    public static IReadOnlyDictionary<string, string> StringMap(JsonObject obj, string field)
    {
        var result = new Dictionary<string, string>();
        if (obj["metadata"] is JsonObject m && m[field] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    result[key] = s;
                }
            }
        }
        return result;
    }

    public static List<string> Finalizers(JsonObject obj) =>
        obj["metadata"] is JsonObject m && m["finalizers"] is JsonArray a
            ? a.Select(f => f?.GetValue<string>() ?? "").ToList()
            : [];

    public static void SetFinalizers(JsonObject obj, IReadOnlyCollection<string> finalizers)
    {
        if (finalizers.Count == 0)
        {
            Of(obj).Remove("finalizers");
        }
        else
        {
            Of(obj)["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
        }
    }

    /// <summary>The uids this object's ownerReferences point at.</summary>
    public static IReadOnlyList<string> OwnerUids(JsonObject obj) =>
        obj["metadata"] is JsonObject m && m["ownerReferences"] is JsonArray refs
            ? refs.OfType<JsonObject>().Select(r => r["uid"]?.GetValue<string>() ?? "").Where(u => u.Length > 0).ToList()
            : [];

    public static long Generation(JsonObject obj) =>
        obj["metadata"] is JsonObject m && m["generation"] is JsonValue v && v.TryGetValue<long>(out var g) ? g : 0;

    /// <summary>RFC 3339 in UTC with seconds, as Kubernetes writes metav1.Time.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
