using System.Text.Json.Nodes;
using Berth.ApiServer.Patching;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Tests.Patching;

/// <summary>
/// Computes a strategic merge patch from an original to a modified object the way kubectl's
/// CreateTwoWayMergePatch does: nulls for removed fields, merge-key elements with only their
/// changes, <c>$patch: delete</c> for removed elements, <c>$setElementOrder</c>,
/// <c>$deleteFromPrimitiveList</c> and <c>$retainKeys</c>. Test-only: it drives the property tests.
/// </summary>
internal static class TwoWayMergePatch
{
    public static JsonObject Create(JsonObject original, JsonObject modified, ModelSchema? schema)
    {
        var patch = new JsonObject();
        foreach (var (key, _) in original)
        {
            if (!modified.ContainsKey(key))
            {
                patch[key] = null;
            }
        }

        foreach (var (key, value) in modified)
        {
            var fieldSchema = schema?.Kind == SchemaKind.Map ? schema.Element : schema?.Field(key);
            var strategy = schema?.Kind == SchemaKind.Object ? PatchStrategies.Find(schema.ModelType, key) : null;
            var before = original[key];
            if (!original.ContainsKey(key))
            {
                patch[key] = value?.DeepClone();
            }
            else if (JsonNode.DeepEquals(before, value))
            {
                continue;
            }
            else if (before is JsonObject a && value is JsonObject b)
            {
                var child = Create(a, b, fieldSchema);
                if (strategy?.RetainKeys == true)
                {
                    child["$retainKeys"] = new JsonArray(b.Select(p => (JsonNode?)p.Key).Order(Comparer<JsonNode?>.Create((x, y) => string.CompareOrdinal(x!.GetValue<string>(), y!.GetValue<string>()))).ToArray());
                }

                patch[key] = child;
            }
            else if (before is JsonArray x && value is JsonArray y && strategy is { Merge: true })
            {
                List(patch, key, x, y, fieldSchema?.Element, strategy);
            }
            else
            {
                patch[key] = value?.DeepClone();
            }
        }

        return patch;
    }

    private static void List(JsonObject patch, string key, JsonArray original, JsonArray modified, ModelSchema? elementSchema, ListPatchStrategy strategy)
    {
        if (strategy.MergeKey is not { } mergeKey)
        {
            var added = modified.Where(m => !original.Any(o => JsonNode.DeepEquals(o, m))).Select(m => m?.DeepClone()).ToArray();
            var removed = original.Where(o => !modified.Any(m => JsonNode.DeepEquals(o, m))).Select(o => o?.DeepClone()).ToArray();
            patch[$"$setElementOrder/{key}"] = new JsonArray(modified.Select(m => m?.DeepClone()).ToArray());
            if (added.Length > 0)
            {
                patch[key] = new JsonArray(added);
            }

            if (removed.Length > 0)
            {
                patch[$"$deleteFromPrimitiveList/{key}"] = new JsonArray(removed);
            }

            return;
        }

        var elements = new JsonArray();
        foreach (var element in modified.OfType<JsonObject>())
        {
            var match = original.OfType<JsonObject>().FirstOrDefault(o => JsonNode.DeepEquals(o[mergeKey], element[mergeKey]));
            if (match is null)
            {
                elements.Add(element.DeepClone());
            }
            else if (!JsonNode.DeepEquals(match, element))
            {
                var change = Create(match, element, elementSchema);
                if (strategy.RetainKeys)
                {
                    change["$retainKeys"] = new JsonArray(element.Select(p => (JsonNode?)p.Key).ToArray());
                }

                change[mergeKey] = element[mergeKey]?.DeepClone();
                elements.Add(change);
            }
        }

        foreach (var gone in original.OfType<JsonObject>().Where(o => !modified.OfType<JsonObject>().Any(m => JsonNode.DeepEquals(o[mergeKey], m[mergeKey]))))
        {
            elements.Add(new JsonObject { [mergeKey] = gone[mergeKey]?.DeepClone(), ["$patch"] = "delete" });
        }

        patch[$"$setElementOrder/{key}"] = new JsonArray(modified.OfType<JsonObject>().Select(m => (JsonNode?)new JsonObject { [mergeKey] = m[mergeKey]?.DeepClone() }).ToArray());
        if (elements.Count > 0)
        {
            patch[key] = elements;
        }
    }
}
