using System.Text.Json.Nodes;
using Berth.ApiServer.Patching;
using Berth.ApiServer.Validation;
using k8s.Models;

namespace Berth.ApiServer.FieldManagement;

/// <summary>
/// The fields of an object as managedFields counts them, each path with its value for leaves or
/// null for members that hold others (compare leaves with <see cref="JsonNode.DeepEquals"/>). Structs are walked field by field, maps key by key,
/// lists with a merge key item by item (<c>k:</c>), merged primitive lists value by value (<c>v:</c>);
/// other lists, label selectors and empty objects are single (atomic) leaves. The list strategies
/// are the strategic merge patch's (<see cref="PatchStrategies"/>).
/// </summary>
public static class ObjectFields
{
    /// <summary>Fields the server sets or that name the object: nobody owns them.</summary>
    private static readonly HashSet<string> s_serverMetadata =
    [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "managedFields", "selfLink",
    ];

    private static readonly HashSet<Type> s_atomicTypes = [typeof(V1LabelSelector)];

    /// <summary>The owned fields of an object of a kind (schema null: walked without list strategies).</summary>
    /// <param name="scope">Which top-level fields count: the main resource's or a status subresource's.</param>
    public static Dictionary<string, JsonNode?> Of(JsonObject? obj, ModelSchema? schema, FieldScope scope)
    {
        var found = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (obj is null)
        {
            return found;
        }

        foreach (var (name, value) in obj)
        {
            if (value is null || name is "apiVersion" or "kind" || !InScope(name, scope))
            {
                continue;
            }

            var path = FieldPath.Field(name);
            if (name == "metadata" && value is JsonObject metadata)
            {
                foreach (var (field, fieldValue) in metadata)
                {
                    if (fieldValue is not null && !s_serverMetadata.Contains(field))
                    {
                        Walk(fieldValue, FieldSchema(schema?.Field("metadata"), field), Strategy(schema?.Field("metadata"), field), FieldPath.Child(path, FieldPath.Field(field)), found);
                    }
                }

                continue;
            }

            Walk(value, FieldSchema(schema, name), Strategy(schema, name), path, found);
        }

        return found;
    }

    private static bool InScope(string field, FieldScope scope) => scope switch
    {
        FieldScope.All => true,
        FieldScope.Status => field == "status",
        FieldScope.MainWithoutSpec => field is not "status" and not "spec",
        _ => field != "status",
    };

    private static void Walk(JsonNode node, ModelSchema? schema, ListPatchStrategy? strategy, string path, Dictionary<string, JsonNode?> found)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0 && schema?.Kind is not SchemaKind.Any and not SchemaKind.Scalar
                && (schema is null || !s_atomicTypes.Contains(schema.ModelType)):
                if (schema?.Kind == SchemaKind.Map)
                {
                    found[path] = null;
                }

                foreach (var (name, value) in obj)
                {
                    if (value is not null)
                    {
                        Walk(value, FieldSchema(schema, name), Strategy(schema, name), FieldPath.Child(path, FieldPath.Field(name)), found);
                    }
                }

                break;
            case JsonArray list when list.Count > 0 && strategy is { Merge: true } && IsMergeable(list, strategy.MergeKey):
                found[path] = null;
                foreach (var item in list)
                {
                    if (strategy.MergeKey is { } key)
                    {
                        var itemPath = FieldPath.Child(path, FieldPath.Key(key, item![key]));
                        found[itemPath] = null;
                        foreach (var (name, value) in item.AsObject())
                        {
                            if (value is not null)
                            {
                                Walk(value, FieldSchema(schema?.Element, name), Strategy(schema?.Element, name), FieldPath.Child(itemPath, FieldPath.Field(name)), found);
                            }
                        }
                    }
                    else
                    {
                        found[FieldPath.Child(path, FieldPath.Value(item))] = item;
                    }
                }

                break;
            default:
                found[path] = node;
                break;
        }
    }

    /// <summary>Items of a keyed list must be objects with the key, and keys unique; otherwise the list is atomic.</summary>
    private static bool IsMergeable(JsonArray list, string? key)
    {
        if (key is null)
        {
            return list.All(i => i is JsonValue) && list.Select(i => i!.ToJsonString()).Distinct().Count() == list.Count;
        }

        return list.All(i => i is JsonObject o && o[key] is JsonValue)
            && list.Select(i => i![key]!.ToJsonString()).Distinct().Count() == list.Count;
    }

    private static ModelSchema? FieldSchema(ModelSchema? schema, string name) => schema?.Kind switch
    {
        SchemaKind.Object => schema.Field(name),
        SchemaKind.Map => schema.Element,
        _ => null,
    };

    private static ListPatchStrategy? Strategy(ModelSchema? schema, string name) =>
        schema?.Kind == SchemaKind.Object ? PatchStrategies.Find(schema.ModelType, name) : null;
}
