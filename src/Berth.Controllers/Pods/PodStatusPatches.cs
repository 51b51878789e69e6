using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Controllers.Pods;

/// <summary>Strategic merge patches for a pod's status subresource (conditions merge by type, so other conditions stay).</summary>
public static class PodStatusPatches
{
    public static string Condition(string type, string status, string? reason, string? message, DateTime now)
    {
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastTransitionTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (reason is not null)
        {
            condition["reason"] = reason;
        }
        if (message is not null)
        {
            condition["message"] = message;
        }
        return new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(condition) } }.ToJsonString();
    }
}
