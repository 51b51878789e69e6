using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.ApiServer.Patching;

/// <summary>
/// RFC 6902 JSON Patch over <see cref="JsonNode"/>: add, remove, replace, move, copy and test.
/// A malformed patch is a 400; an operation that does not apply (missing path, failed test) is a
/// 422, as the Kubernetes API server answers. Replace follows kube-apiserver rather than the RFC where
/// they differ (see <see cref="Replace"/>).
/// </summary>
public static class JsonPatch
{
    /// <summary>Applies the operations in order to a copy of <paramref name="document"/> and returns the result.</summary>
    public static JsonNode? Apply(JsonNode? document, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw PatchException.BadRequest("json patch must be a JSON array of operations");
        }

        var root = document?.DeepClone();
        foreach (var node in operations)
        {
            root = ApplyOperation(root, node);
        }

        return root;
    }

    private static JsonNode? ApplyOperation(JsonNode? root, JsonNode? node)
    {
        if (node is not JsonObject operation)
        {
            throw PatchException.BadRequest("json patch operation must be an object");
        }

        var op = RequiredString(operation, "op");
        var path = JsonPointer.Parse(RequiredString(operation, "path"));
        switch (op)
        {
            case "add":
                return Add(root, path, RequiredValue(operation, op)?.DeepClone());
            case "remove":
                return Remove(root, path, op);
            case "replace":
                return Replace(root, path, RequiredValue(operation, op)?.DeepClone());
            case "move":
                var from = JsonPointer.Parse(RequiredString(operation, "from"));
                if (path.IsProperDescendantOf(from))
                {
                    throw PatchException.Unprocessable($"move operation cannot move \"{from}\" into its own child \"{path}\"");
                }

                var moved = Get(root, from, op);
                root = Remove(root, from, op);
                return Add(root, path, moved);
            case "copy":
                var copied = Get(root, JsonPointer.Parse(RequiredString(operation, "from")), op)?.DeepClone();
                return Add(root, path, copied);
            case "test":
                var expected = RequiredValue(operation, op);
                var actual = Get(root, path, op);
                if (!JsonValueEquality.AreEqual(actual, expected))
                {
                    throw PatchException.Unprocessable($"testing value {path} failed: test failed");
                }

                return root;
            default:
                throw PatchException.BadRequest($"Unexpected kind: {op}");
        }
    }

    private static string RequiredString(JsonObject operation, string name) =>
        operation[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw PatchException.BadRequest($"json patch operation is missing the string member \"{name}\"");

    private static JsonNode? RequiredValue(JsonObject operation, string op) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value
            : throw PatchException.BadRequest($"json patch {op} operation is missing \"value\"");

    private static JsonNode? Get(JsonNode? root, JsonPointer pointer, string op)
    {
        var current = root;
        foreach (var token in pointer.Tokens)
        {
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when JsonPointer.TryParseIndex(token, out var i) && i < array.Count => array[i],
                _ => throw Missing(op, pointer),
            };
        }

        return current;
    }

    private static JsonNode? Add(JsonNode? root, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            return value;
        }

        switch (Parent(root, path, "add"))
        {
            case JsonObject obj:
                obj[path.Last] = value;
                break;
            case JsonArray array when path.Last == "-":
                array.Add(value);
                break;
            case JsonArray array when JsonPointer.TryParseIndex(path.Last, out var i) && i <= array.Count:
                array.Insert(i, value);
                break;
            default:
                throw Missing("add", path);
        }

        return root;
    }

    /// <summary>
    /// Replaces a value. An absent member of an existing object is added, as kube-apiserver's JSON Patch
    /// library (evanphx/json-patch v4) does: kubectl users rely on replacing fields a defaulted object omits.
    /// </summary>
    private static JsonNode? Replace(JsonNode? root, JsonPointer path, JsonNode? value)
    {
        if (!path.IsRoot && Parent(root, path, "replace") is JsonObject obj && !obj.ContainsKey(path.Last))
        {
            return Add(root, path, value);
        }

        return Add(Remove(root, path, "replace"), path, value);
    }

    private static JsonNode? Remove(JsonNode? root, JsonPointer path, string op)
    {
        if (path.IsRoot)
        {
            return null;
        }

        switch (Parent(root, path, op))
        {
            case JsonObject obj when obj.ContainsKey(path.Last):
                obj.Remove(path.Last);
                break;
            case JsonArray array when JsonPointer.TryParseIndex(path.Last, out var i) && i < array.Count:
                array.RemoveAt(i);
                break;
            default:
                throw Missing(op, path);
        }

        return root;
    }

    private static JsonNode? Parent(JsonNode? root, JsonPointer path, string op)
    {
        var current = root;
        for (var t = 0; t < path.Tokens.Count - 1; t++)
        {
            var token = path.Tokens[t];
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when JsonPointer.TryParseIndex(token, out var i) && i < array.Count => array[i],
                _ => throw Missing(op, path),
            };
        }

        return current;
    }

    private static PatchException Missing(string op, JsonPointer path) =>
        PatchException.Unprocessable($"{op} operation does not apply: doc is missing path: \"{path}\": missing value");
}
