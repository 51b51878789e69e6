using System.Text.Json.Nodes;

namespace Berth.ApiServer.Patching;

/// <summary>RFC 7386 JSON Merge Patch: objects merge recursively, null removes a member, anything else replaces.</summary>
public static class JsonMergePatch
{
    /// <summary>Returns <paramref name="target"/> (left unchanged) with <paramref name="patch"/> merged in.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        MergeInto(result, patchObject);
        return result;
    }

    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject child)
            {
                if (target[name] is not JsonObject existing)
                {
                    existing = new JsonObject();
                    target[name] = existing;
                }

                MergeInto(existing, child);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
