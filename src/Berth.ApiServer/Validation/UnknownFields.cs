using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>
/// Finds the fields of an object that its kind's schema does not define, with paths as Kubernetes
/// prints them (<c>spec.containers[0].foo</c>), and applies a <see cref="FieldValidationMode"/>.
/// </summary>
public static class UnknownFields
{
    /// <summary>Parses the fieldValidation query value; absent means Warn, as in Kubernetes since 1.27.</summary>
    public static bool TryParseMode(string? value, out FieldValidationMode mode)
    {
        switch (value)
        {
            case "Strict":
                mode = FieldValidationMode.Strict;
                return true;
            case null or "" or "Warn":
                mode = FieldValidationMode.Warn;
                return true;
            case "Ignore":
                mode = FieldValidationMode.Ignore;
                return true;
            default:
                mode = FieldValidationMode.Ignore;
                return false;
        }
    }

    /// <summary>The paths of the unknown fields of an object of a kind, in document order; empty when the kind is not known.</summary>
    public static IReadOnlyList<string> Find(JsonNode? obj, GroupVersionKind gvk)
    {
        var type = KubernetesModelTypes.Find(gvk);
        return type is null ? [] : Find(obj, ModelSchema.For(type));
    }

    /// <summary>The paths of the unknown fields of a JSON value against a schema.</summary>
    public static IReadOnlyList<string> Find(JsonNode? node, ModelSchema schema)
    {
        var found = new List<string>();
        Walk(node, schema, new FieldPath(), found);
        return found;
    }

    /// <summary>
    /// Removes the unknown fields from the object and returns their paths, as the decoder does for
    /// Warn and Ignore; Strict callers reject instead when the list is not empty.
    /// </summary>
    public static IReadOnlyList<string> Prune(JsonNode? obj, GroupVersionKind gvk)
    {
        var type = KubernetesModelTypes.Find(gvk);
        if (type is null)
        {
            return [];
        }

        var found = new List<string>();
        Walk(obj, ModelSchema.For(type), new FieldPath(), found, prune: true);
        return found;
    }

    /// <summary>
    /// The message of a Strict rejection, duplicates first as Kubernetes lists them:
    /// <c>strict decoding error: duplicate field "metadata.name", unknown field "spec.foo"</c>.
    /// </summary>
    public static string StrictErrorMessage(IEnumerable<string> unknownPaths, IEnumerable<string>? duplicatePaths = null) =>
        "strict decoding error: " + string.Join(", ", (duplicatePaths ?? []).Select(DuplicateFields.Message).Concat(unknownPaths.Select(WarningMessage)));

    /// <summary>The text of one Warn warning: <c>unknown field "spec.foo"</c>.</summary>
    public static string WarningMessage(string path) => $"unknown field \"{path}\"";

    private static void Walk(JsonNode? node, ModelSchema schema, FieldPath path, List<string> found, bool prune = false)
    {
        switch (node)
        {
            case JsonObject obj when schema.Kind == SchemaKind.Object:
                List<string>? unknown = null;
                foreach (var (name, value) in obj)
                {
                    path.Push(name);
                    if (schema.Field(name) is { } child)
                    {
                        Walk(value, child, path, found, prune);
                    }
                    else
                    {
                        found.Add(path.ToString());
                        (unknown ??= []).Add(name);
                    }
                    path.Pop();
                }

                if (prune && unknown is not null)
                {
                    unknown.ForEach(name => obj.Remove(name));
                }

                break;
            case JsonObject map when schema.Kind == SchemaKind.Map:
                foreach (var (key, value) in map)
                {
                    path.PushKey(key);
                    Walk(value, schema.Element!, path, found, prune);
                    path.Pop();
                }

                break;
            case JsonArray list when schema.Kind == SchemaKind.List:
                for (var i = 0; i < list.Count; i++)
                {
                    path.PushIndex(i);
                    Walk(list[i], schema.Element!, path, found, prune);
                    path.Pop();
                }

                break;
        }
    }
}
