using System.Text.Json.Nodes;
using Berth.ApiServer.Validation;

namespace Berth.ApiServer.Strategies.Core;

/// <summary>
/// LimitRanges (kube's SetDefaults_LimitRangeItem): a Container item's default limit falls back to
/// its max, its defaultRequest to the default limit, then to its min.
/// </summary>
public sealed class LimitRangeStrategy : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        foreach (var item in obj.Child("spec").Items("limits").Where(i => i.Str("type") == "Container"))
        {
            var defaults = item.Child("default");
            var defaultRequests = item.Child("defaultRequest");
            CopyMissing(item["max"], defaults);
            CopyMissing(defaults, defaultRequests);
            CopyMissing(item["min"], defaultRequests);
            // Empty maps are omitted, as kube's omitempty does.
            foreach (var name in new[] { "default", "defaultRequest" })
            {
                if (item[name] is JsonObject { Count: 0 })
                {
                    item.Remove(name);
                }
            }
        }
    }

    private static void CopyMissing(JsonNode? from, JsonObject to)
    {
        if (from is not JsonObject source)
        {
            return;
        }
        foreach (var (name, value) in source)
        {
            if (!to.ContainsKey(name))
            {
                to[name] = value?.DeepClone();
            }
        }
    }
}
