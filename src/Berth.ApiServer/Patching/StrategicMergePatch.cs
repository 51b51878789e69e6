using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Patching;

/// <summary>
/// Kubernetes strategic merge patch (apimachinery strategicpatch, as documented in
/// kubernetes/community sig-api-machinery/strategic-merge-patch.md): a JSON merge patch whose
/// lists merge by the field's merge key, with the directives <c>$patch</c> (replace, delete,
/// merge), <c>$retainKeys</c>, <c>$setElementOrder/&lt;list&gt;</c> and
/// <c>$deleteFromPrimitiveList/&lt;list&gt;</c>. The field strategies come from
/// <see cref="PatchStrategies"/>, walking the model types; fields of unknown types merge as in
/// RFC 7386 (lists replaced).
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder/";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";

    /// <summary>Returns <paramref name="original"/> (left unchanged) with <paramref name="patch"/> applied.</summary>
    /// <param name="original">The current object.</param>
    /// <param name="patch">The patch, a JSON object.</param>
    /// <param name="schema">The schema of the object's kind, or null to merge without list strategies.</param>
    public static JsonObject Apply(JsonNode? original, JsonNode? patch, ModelSchema? schema)
    {
        if (patch is not JsonObject patchObject)
        {
            throw PatchException.BadRequest("strategic merge patch must be a JSON object");
        }

        var target = original is JsonObject o ? (JsonObject)o.DeepClone() : new JsonObject();
        return MergeMap(target, patchObject, schema) ?? new JsonObject();
    }

    /// <summary>Merges a patch map into <paramref name="original"/> in place; null when the directive deletes the map.</summary>
    private static JsonObject? MergeMap(JsonObject original, JsonObject patch, ModelSchema? schema)
    {
        switch (DirectiveOf(patch))
        {
            case "replace":
                var replacement = (JsonObject)patch.DeepClone();
                replacement.Remove(PatchDirective);
                return MergeMap(new JsonObject(), replacement, schema);
            case "delete":
                return null;
            case null or "merge":
                break;
            case var other:
                throw PatchException.BadRequest($"Unknown patch type: {other}");
        }

        if (patch.TryGetPropertyValue(RetainKeysDirective, out var retain))
        {
            RetainKeys(original, patch, retain);
        }

        foreach (var (name, value) in patch)
        {
            if (name.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                DeleteFromPrimitiveList(original, name[DeleteFromPrimitiveListPrefix.Length..], value);
            }
        }

        foreach (var (name, value) in patch.ToArray())
        {
            if (name.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                original.Remove(name);
                continue;
            }

            var (fieldSchema, strategy) = FieldOf(schema, name);
            var existing = original.TryGetPropertyValue(name, out var current) ? current : null;
            var merged = MergeValue(existing, value, fieldSchema, strategy);
            if (merged is null)
            {
                original.Remove(name);
            }
            else if (!ReferenceEquals(merged, existing))
            {
                original[name] = merged;
            }
        }

        foreach (var (name, value) in patch)
        {
            if (name.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                var field = name[SetElementOrderPrefix.Length..];
                SetElementOrder(original, field, value, FieldOf(schema, field).Strategy);
            }
        }

        return original;
    }

    private static (ModelSchema? Schema, ListPatchStrategy? Strategy) FieldOf(ModelSchema? schema, string name) => schema?.Kind switch
    {
        SchemaKind.Object => (schema.Field(name), PatchStrategies.Find(schema.ModelType, name)),
        SchemaKind.Map => (schema.Element, null),
        _ => (null, null),
    };

    private static JsonNode? MergeValue(JsonNode? existing, JsonNode patch, ModelSchema? schema, ListPatchStrategy? strategy)
    {
        switch (patch)
        {
            case JsonObject patchObject:
                return MergeMap(existing as JsonObject ?? new JsonObject(), patchObject, schema);
            case JsonArray patchList when strategy is { Merge: true }:
                return MergeList(existing as JsonArray ?? new JsonArray(), patchList, schema?.Element, strategy);
            default:
                return patch.DeepClone();
        }
    }

    private static JsonArray MergeList(JsonArray original, JsonArray patch, ModelSchema? elementSchema, ListPatchStrategy strategy)
    {
        if (patch.Any(e => e is JsonObject o && DirectiveOf(o) == "replace"))
        {
            var replaced = new JsonArray();
            foreach (var element in patch.Where(e => !(e is JsonObject o && DirectiveOf(o) == "replace")))
            {
                if (element is not null && MergeValue(null, element, elementSchema, null) is { } fresh)
                {
                    replaced.Add(fresh);
                }
            }

            return replaced;
        }

        if (strategy.MergeKey is null)
        {
            foreach (var element in patch.Where(e => !original.Any(o => JsonValueEquality.AreEqual(o, e))))
            {
                original.Add(element?.DeepClone());
            }

            return original;
        }

        foreach (var element in patch)
        {
            MergeListElement(original, element, elementSchema, strategy.MergeKey);
        }

        return original;
    }

    private static void MergeListElement(JsonArray original, JsonNode? element, ModelSchema? elementSchema, string mergeKey)
    {
        if (element is not JsonObject patchElement)
        {
            throw PatchException.BadRequest($"list with merge key \"{mergeKey}\" must contain only objects, found {element?.ToJsonString() ?? "null"}");
        }

        if (!patchElement.TryGetPropertyValue(mergeKey, out var key))
        {
            throw PatchException.BadRequest($"map: {patchElement.ToJsonString()} does not contain declared merge key: {mergeKey}");
        }

        bool Matches(JsonNode? candidate) => candidate is JsonObject o && JsonValueEquality.AreEqual(o[mergeKey], key);

        if (DirectiveOf(patchElement) == "delete")
        {
            foreach (var match in original.Where(Matches).ToArray())
            {
                original.Remove(match);
            }

            return;
        }

        if (original.FirstOrDefault(Matches) is JsonObject existing)
        {
            if (MergeMap(existing, patchElement, elementSchema) is null)
            {
                original.Remove(existing);
            }
        }
        else if (MergeMap(new JsonObject(), patchElement, elementSchema) is { } added)
        {
            original.Add((JsonNode)added);
        }
    }

    private static void RetainKeys(JsonObject original, JsonObject patch, JsonNode? retain)
    {
        if (retain is not JsonArray list || list.Any(k => k is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
        {
            throw PatchException.BadRequest("$retainKeys must be a list of field names");
        }

        var keys = list.Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var stray = patch.Select(p => p.Key).FirstOrDefault(k => !k.StartsWith('$') && patch[k] is not null && !keys.Contains(k));
        if (stray is not null)
        {
            throw PatchException.BadRequest($"the patch sets \"{stray}\", which is not in $retainKeys");
        }

        foreach (var name in original.Select(p => p.Key).Where(k => !keys.Contains(k)).ToArray())
        {
            original.Remove(name);
        }
    }

    private static void DeleteFromPrimitiveList(JsonObject original, string field, JsonNode? values)
    {
        if (values is not JsonArray deletions)
        {
            throw PatchException.BadRequest($"{DeleteFromPrimitiveListPrefix}{field} must be a list");
        }

        if (original[field] is JsonArray list)
        {
            foreach (var item in list.Where(i => deletions.Any(d => JsonValueEquality.AreEqual(i, d))).ToArray())
            {
                list.Remove(item);
            }
        }
    }

    /// <summary>
    /// Orders the elements named by the directive as it lists them; elements it does not name
    /// (the server's own) keep their positions.
    /// </summary>
    private static void SetElementOrder(JsonObject original, string field, JsonNode? order, ListPatchStrategy? strategy)
    {
        if (order is not JsonArray orderList)
        {
            throw PatchException.BadRequest($"{SetElementOrderPrefix}{field} must be a list");
        }

        if (original[field] is not JsonArray list || strategy is not { Merge: true })
        {
            return;
        }

        var mergeKey = strategy.MergeKey;
        JsonNode? KeyOf(JsonNode? item) => mergeKey is null ? item : (item as JsonObject)?[mergeKey];
        var orderKeys = orderList.Select(KeyOf).ToArray();
        int Rank(JsonNode? item) => Array.FindIndex(orderKeys, k => JsonValueEquality.AreEqual(k, KeyOf(item)));

        var items = list.ToArray();
        list.Clear();
        var slots = Enumerable.Range(0, items.Length).Where(i => Rank(items[i]) >= 0).ToArray();
        var sorted = slots.Select(i => items[i]).OrderBy(Rank).ToArray();
        for (var s = 0; s < slots.Length; s++)
        {
            items[slots[s]] = sorted[s];
        }

        foreach (var item in items)
        {
            list.Add(item);
        }
    }

    private static string? DirectiveOf(JsonObject patch) => patch.TryGetPropertyValue(PatchDirective, out var d)
        ? d is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw PatchException.BadRequest("$patch must be a string")
        : null;
}
