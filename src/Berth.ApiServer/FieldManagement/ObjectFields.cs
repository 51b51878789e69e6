using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.FieldManagement;

/// <summary>
/// The fields of an object as managedFields counts them (<see cref="ApplySchema"/> gives the
/// structure): structs are walked field by field, maps key by key, map lists item by item
/// (<c>k:</c>), sets value by value (<c>v:</c>); atomic lists and structs, scalars and empty
/// objects are leaves.
/// </summary>
public static class ObjectFields
{
    /// <summary>Fields the server sets or that name the object: nobody owns them.</summary>
    private static readonly HashSet<string> s_serverMetadata =
    [
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "managedFields", "selfLink",
    ];

    /// <summary>
    /// The fields of a stored object, each path with its value for leaves or null for members that
    /// hold others (maps, non-atomic lists and their items; compare leaves with
    /// <see cref="JsonNode.DeepEquals"/>). What an update adds or changes here, its manager owns.
    /// A list whose items cannot be keyed (a key missing, a key repeated) counts as one leaf.
    /// </summary>
    /// <param name="scope">Which top-level fields count: the main resource's or a status subresource's.</param>
    public static Dictionary<string, JsonNode?> Of(JsonObject? obj, ModelSchema? schema, FieldScope scope)
    {
        var found = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (obj is not null)
        {
            new Walker(found, Applied: false).Root(obj, schema, scope);
        }

        return found;
    }

    /// <summary>
    /// The fields an applied configuration sets, as structured-merge-diff's ToFieldSet counts them:
    /// list items, map keys, empty objects and leaves, not the structs, maps and lists that merely
    /// hold them. Throws 400 when a map list's item lacks a key or repeats one.
    /// </summary>
    public static FieldSet Applied(JsonObject config, ModelSchema? schema, FieldScope scope)
    {
        var found = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        new Walker(found, Applied: true).Root(config, schema, scope);
        return new FieldSet(found.Keys);
    }

    private static bool InScope(string field, FieldScope scope) => scope switch
    {
        FieldScope.All => true,
        FieldScope.Status => field == "status",
        FieldScope.MainWithoutSpec => field is not "status" and not "spec",
        _ => field != "status",
    };

    private sealed record Walker(Dictionary<string, JsonNode?> Found, bool Applied)
    {
        public void Root(JsonObject obj, ModelSchema? schema, FieldScope scope)
        {
            foreach (var (name, value) in obj)
            {
                if (name is "apiVersion" or "kind" || !InScope(name, scope))
                {
                    continue;
                }

                var path = FieldPath.Field(name);
                if (name == "metadata" && value is JsonObject metadata)
                {
                    var metadataSchema = schema?.Field("metadata");
                    foreach (var (field, fieldValue) in metadata)
                    {
                        if (!s_serverMetadata.Contains(field))
                        {
                            Field(fieldValue, metadataSchema, field, FieldPath.Child(path, FieldPath.Field(field)));
                        }
                    }
                }
                else
                {
                    Field(value, schema, name, path);
                }
            }
        }

        /// <summary>A field of an object (or a key of a map) and what lies below it.</summary>
        private void Field(JsonNode? value, ModelSchema? parent, string name, string path)
        {
            if (value is null)
            {
                // An applied null claims the field (and clears it); a stored object holds no nulls worth owning.
                if (Applied)
                {
                    Found[path] = null;
                }

                return;
            }

            var schema = ApplySchema.Child(parent, name);
            if (Applied && parent?.Kind == SchemaKind.Map)
            {
                Found[path] = null;
            }

            if (value is JsonArray list)
            {
                List(list, schema, ApplySchema.ListOf(parent, name), path);
            }
            else
            {
                Node(value, schema, ApplySchema.IsAtomic(parent, name), path);
            }
        }

        private void Node(JsonNode value, ModelSchema? schema, bool atomic, string path)
        {
            if (value is not JsonObject obj || obj.Count == 0 || atomic)
            {
                Found[path] = value;
                return;
            }

            if (!Applied && schema?.Kind == SchemaKind.Map)
            {
                Found[path] = null;
            }

            foreach (var (name, child) in obj)
            {
                Field(child, schema, name, FieldPath.Child(path, FieldPath.Field(name)));
            }
        }

        private void List(JsonArray list, ModelSchema? schema, ListType type, string path)
        {
            if (type.Kind == ListKind.Atomic || list.Count == 0)
            {
                if (type.Kind == ListKind.Atomic || !Applied)
                {
                    Found[path] = list;
                }

                return;
            }

            var elements = new List<string>(list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                string? missing = null;
                var element = type.Kind == ListKind.Map && list[i] is not JsonObject ? null : type.ElementOf(list[i], out missing);
                if (element is null || elements.Contains(element))
                {
                    if (Applied)
                    {
                        var problem = element is null
                            ? $"element {i}: associative list with keys has an element that omits key field \"{missing ?? type.Keys[0]}\" (and doesn't have default value)"
                            : $"duplicate entries for key {FieldPath.Display(element)}";
                        throw ApiException.BadRequest($"failed to create typed patch object: {FieldPath.Display(path)}: {problem}");
                    }

                    // Not keyable: the list is one leaf.
                    Found[path] = list;
                    return;
                }

                elements.Add(element);
            }

            if (!Applied)
            {
                Found[path] = null;
            }

            for (var i = 0; i < list.Count; i++)
            {
                var itemPath = FieldPath.Child(path, elements[i]);
                if (type.Kind == ListKind.Set)
                {
                    Found[itemPath] = list[i];
                    continue;
                }

                Found[itemPath] = null;
                var item = (JsonObject)list[i]!;
                var itemSchema = schema?.Element;
                if (ApplySchema.IsAtomic(itemSchema))
                {
                    Found[itemPath] = item;
                    continue;
                }

                foreach (var (name, value) in item)
                {
                    Field(value, itemSchema, name, FieldPath.Child(itemPath, FieldPath.Field(name)));
                }
            }
        }
    }
}
