using System.Text.Json.Nodes;
using Berth.ApiServer.Objects;

namespace Berth.ApiServer.Rest;

/// <summary>The <c>autoscaling/v1 Scale</c> view of a Deployment, ReplicaSet or StatefulSet.</summary>
public static class ScaleConverter
{
    public static JsonObject ToScale(JsonObject obj)
    {
        var metadata = ObjectMetadata.Of(obj);
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]?.DeepClone(),
                ["namespace"] = metadata["namespace"]?.DeepClone(),
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = obj["spec"]?["replicas"]?.DeepClone() ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = obj["status"]?["replicas"]?.DeepClone() ?? 0,
                ["selector"] = SelectorString(obj["spec"]?["selector"] as JsonObject),
            },
        };
    }

    /// <summary>A LabelSelector as the string form Scale.status.selector carries.</summary>
    public static string SelectorString(JsonObject? selector)
    {
        if (selector is null)
        {
            return "";
        }
        var terms = new List<string>();
        if (selector["matchLabels"] is JsonObject labels)
        {
            terms.AddRange(labels.Select(l => $"{l.Key}={l.Value}"));
        }
        if (selector["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions.OfType<JsonObject>())
            {
                var key = expression["key"]?.ToString();
                var values = (expression["values"] as JsonArray)?.Select(v => v?.ToString()).ToList() ?? [];
                terms.Add(expression["operator"]?.ToString() switch
                {
                    "In" => $"{key} in ({string.Join(",", values)})",
                    "NotIn" => $"{key} notin ({string.Join(",", values)})",
                    "Exists" => key!,
                    _ => $"!{key}",
                });
            }
        }
        return string.Join(",", terms);
    }
}
