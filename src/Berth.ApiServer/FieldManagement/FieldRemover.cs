using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.FieldManagement;

/// <summary>
/// Removes values at <see cref="FieldPath"/>s from an object (after structured-merge-diff's
/// RemoveItems): fields, map keys, keyed list items and set values, each with everything below it.
/// A map, list or struct left empty by a removal goes too, so no <c>{}</c> or <c>[]</c> stays behind.
/// </summary>
public static class FieldRemover
{
    /// <summary>Removes the values at <paramref name="paths"/>; paths that lead nowhere are ignored.</summary>
    public static void Remove(JsonObject obj, IReadOnlyCollection<string> paths, ModelSchema? schema)
    {
        if (paths.Count == 0)
        {
            return;
        }

        var above = paths.SelectMany(FieldPath.Ancestors).ToHashSet(StringComparer.Ordinal);

        new Remover(paths.ToHashSet(StringComparer.Ordinal), above).Object(obj, schema, "");
    }

    /// <param name="Targets">The paths to remove.</param>
    /// <param name="Above">Every path with a target below it.</param>
    private sealed record Remover(HashSet<string> Targets, HashSet<string> Above)
    {
        /// <param name="keys">The key fields of a list item, which stay while the item does.</param>
        public void Object(JsonObject obj, ModelSchema? schema, string path, IReadOnlyList<string>? keys = null)
        {
            foreach (var (name, value) in obj.ToArray())
            {
                var child = FieldPath.Child(path, FieldPath.Field(name));
                if (keys?.Contains(name) == true)
                {
                    continue;
                }

                if (Targets.Contains(child))
                {
                    obj.Remove(name);
                }
                else if (Above.Contains(child) && Descend(value, ApplySchema.Child(schema, name), ApplySchema.ListOf(schema, name), child))
                {
                    obj.Remove(name);
                }
            }
        }

        /// <summary>Removes targets below a value; true when that emptied it.</summary>
        private bool Descend(JsonNode? value, ModelSchema? schema, ListType listType, string path)
        {
            switch (value)
            {
                case JsonObject obj when obj.Count > 0:
                    Object(obj, schema, path);
                    return obj.Count == 0;
                case JsonArray list when list.Count > 0 && listType.Kind != ListKind.Atomic:
                    List(list, schema?.Element, listType, path);
                    return list.Count == 0;
                default:
                    return false;
            }
        }

        private void List(JsonArray list, ModelSchema? elementSchema, ListType listType, string path)
        {
            foreach (var item in list.ToArray())
            {
                if (listType.ElementOf(item, out _) is not { } element)
                {
                    continue;
                }

                var child = FieldPath.Child(path, element);
                if (Targets.Contains(child))
                {
                    list.Remove(item);
                }
                else if (Above.Contains(child) && item is JsonObject itemObject && itemObject.Count > 0)
                {
                    Object(itemObject, elementSchema, child, listType.Keys);
                }
            }
        }
    }
}
