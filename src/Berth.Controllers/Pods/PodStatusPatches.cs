using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Controllers.Pods;

/// <summary>Strategic merge patches for a pod's status subresource (conditions merge by type, so other conditions stay).</summary>
public static class PodStatusPatches
{
    public static string Condition(string type, string status, string? reason, string? message, DateTime now) =>
        new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(ConditionObject(type, status, reason, message, now)) } }.ToJsonString();

    /// <summary>Phase Failed, with a True condition when one says why.</summary>
    public static string Failed(string? conditionType, string? reason, string? message, DateTime now)
    {
        var status = new JsonObject { ["phase"] = "Failed" };
        if (conditionType is not null)
        {
            status["conditions"] = new JsonArray(ConditionObject(conditionType, "True", reason, message, now));
        }
        return new JsonObject { ["status"] = status }.ToJsonString();
    }

    private static JsonObject ConditionObject(string type, string status, string? reason, string? message, DateTime now)
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
        return condition;
    }
}
