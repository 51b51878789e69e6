using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.FieldManagement;

/// <summary>
/// Merges an applied configuration into the live object as structured-merge-diff does
/// (typed/merge.go): structs and maps field by field, map lists item by item by their key fields,
/// sets value by value, everything atomic replaced. Check the configuration with
/// <see cref="ObjectFields.Applied"/> first: its map-list items must all be keyed and unique.
/// </summary>
public static class AppliedMerge
{
    /// <summary>Returns a new object: <paramref name="live"/> (left unchanged; null when absent) with <paramref name="config"/> merged in.</summary>
    public static JsonObject Merge(JsonObject? live, JsonObject config, ModelSchema? schema) =>
        MergeObject(live is null ? new JsonObject() : (JsonObject)live.DeepClone(), config, schema);

    private static JsonObject MergeObject(JsonObject target, JsonObject config, ModelSchema? schema)
    {
        foreach (var (name, value) in config)
        {
            if (value is null)
            {
                target.Remove(name);
                continue;
            }

            var existing = target[name];
            var merged = MergeValue(existing, value, ApplySchema.Child(schema, name), ApplySchema.ListOf(schema, name), ApplySchema.IsAtomic(schema, name));
            if (!ReferenceEquals(merged, existing))
            {
                target[name] = merged;
            }
        }

        return target;
    }

    private static JsonNode MergeValue(JsonNode? live, JsonNode config, ModelSchema? schema, ListType listType, bool atomic)
    {
        switch (config)
        {
            case JsonObject configObject when live is JsonObject liveObject && !atomic:
                return MergeObject(liveObject, configObject, schema);
            case JsonArray configList when live is JsonArray liveList && listType.Kind != ListKind.Atomic:
                return MergeList(liveList, configList, schema?.Element, listType) ?? config.DeepClone();
            default:
                return config.DeepClone();
        }
    }

    /// <summary>
    /// Items only in the live list keep their places, the configuration's items come in its order
    /// (shared items merged where the configuration puts them). Null when the live list cannot be
    /// keyed (then the configuration replaces it).
    /// </summary>
    private static JsonArray? MergeList(JsonArray live, JsonArray config, ModelSchema? elementSchema, ListType listType)
    {
        var liveKeys = Keys(live, listType);
        var configKeys = Keys(config, listType);
        if (liveKeys is null || configKeys is null)
        {
            return null;
        }

        var liveByKey = liveKeys.Select((key, i) => (key, i)).ToDictionary(p => p.key, p => live[p.i], StringComparer.Ordinal);
        var configByKey = configKeys.Select((key, i) => (key, i)).ToDictionary(p => p.key, p => config[p.i]!, StringComparer.Ordinal);
        var shared = configKeys.Where(liveByKey.ContainsKey).ToList();
        var nextShared = 0;
        var merged = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<JsonNode?>();

        JsonNode Item(string key)
        {
            merged.Add(key);
            if (nextShared < shared.Count && shared[nextShared] == key)
            {
                nextShared++;
            }

            var liveItem = liveByKey.GetValueOrDefault(key);
            var configItem = configByKey[key];
            return listType.Kind == ListKind.Map && liveItem is JsonObject liveObject && configItem is JsonObject configObject && !ApplySchema.IsAtomic(elementSchema)
                ? MergeObject((JsonObject)liveObject.DeepClone(), configObject, elementSchema)
                : configItem.DeepClone();
        }

        for (int l = 0, c = 0; l < liveKeys.Count || c < configKeys.Count;)
        {
            if (l < liveKeys.Count && c < configKeys.Count)
            {
                if (liveKeys[l] == configKeys[c])
                {
                    result.Add(Item(configKeys[c]));
                    l++;
                    c++;
                    continue;
                }

                // A shared item waits for its place in the configuration, unless it is the next one due.
                if (configByKey.ContainsKey(liveKeys[l]) && nextShared < shared.Count && shared[nextShared] != liveKeys[l])
                {
                    l++;
                    continue;
                }
            }

            if (l < liveKeys.Count)
            {
                if (!configByKey.ContainsKey(liveKeys[l]))
                {
                    result.Add(live[l]?.DeepClone());
                    l++;
                    continue;
                }

                if (merged.Contains(liveKeys[l]))
                {
                    l++;
                }
            }

            if (c < configKeys.Count)
            {
                result.Add(Item(configKeys[c]));
                c++;
            }
        }

        return new JsonArray(result.ToArray());
    }

    /// <summary>The path element of every item, or null when one lacks its key or two share one.</summary>
    private static List<string>? Keys(JsonArray list, ListType listType)
    {
        var keys = new List<string>(list.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if ((listType.Kind == ListKind.Map && item is not JsonObject) || listType.ElementOf(item, out _) is not { } key || !seen.Add(key))
            {
                return null;
            }

            keys.Add(key);
        }

        return keys;
    }
}
