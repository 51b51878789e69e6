using System.Text.Json.Nodes;
using k8s.Models;

namespace Berth.Controllers.GarbageCollector;

/// <summary>
/// The JSON merge patches the garbage collector sends (they work on every resource, custom ones
/// too). Each names the resourceVersion it was computed from, so a concurrent write makes it a
/// conflict to compute again rather than a lost update. Null: nothing to change.
/// </summary>
public static class MetadataPatches
{
    /// <summary>The object's ownerReferences without those to these owners.</summary>
    public static JsonObject? WithoutOwners(V1ObjectMeta meta, IReadOnlyCollection<string> ownerUids)
    {
        var references = meta.OwnerReferences ?? [];
        var kept = references.Where(r => !ownerUids.Contains(r.Uid)).ToList();
        return kept.Count == references.Count ? null : Patch(meta, "ownerReferences", References(kept));
    }

    /// <summary>The object's ownerReferences with blockOwnerDeletion cleared.</summary>
    public static JsonObject? Unblocked(V1ObjectMeta meta)
    {
        var references = meta.OwnerReferences ?? [];
        if (!references.Any(r => r.BlockOwnerDeletion == true))
        {
            return null;
        }
        var array = References(references);
        foreach (var reference in array!.OfType<JsonObject>().Where(r => r["blockOwnerDeletion"] is not null))
        {
            reference["blockOwnerDeletion"] = false;
        }
        return Patch(meta, "ownerReferences", array);
    }

    /// <summary>The object's finalizers without this one.</summary>
    public static JsonObject? WithoutFinalizer(V1ObjectMeta meta, string finalizer)
    {
        var finalizers = meta.Finalizers ?? [];
        if (!finalizers.Contains(finalizer))
        {
            return null;
        }
        var kept = finalizers.Where(f => f != finalizer).ToList();
        return Patch(meta, "finalizers", kept.Count == 0 ? null : new JsonArray(kept.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()));
    }

    private static JsonArray? References(IEnumerable<V1OwnerReference> references)
    {
        var array = new JsonArray();
        foreach (var r in references)
        {
            var item = new JsonObject { ["apiVersion"] = r.ApiVersion, ["kind"] = r.Kind, ["name"] = r.Name, ["uid"] = r.Uid };
            if (r.Controller is { } controller)
            {
                item["controller"] = controller;
            }
            if (r.BlockOwnerDeletion is { } block)
            {
                item["blockOwnerDeletion"] = block;
            }
            array.Add((JsonNode)item);
        }
        return array.Count == 0 ? null : array;
    }

    private static JsonObject Patch(V1ObjectMeta meta, string field, JsonNode? value) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["uid"] = meta.Uid,
            ["resourceVersion"] = meta.ResourceVersion,
            [field] = value,
        },
    };
}
