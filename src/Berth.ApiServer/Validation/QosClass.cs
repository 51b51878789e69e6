using System.Text.Json.Nodes;

namespace Berth.ApiServer.Validation;

/// <summary>A pod's quality-of-service class from its containers' requests and limits (pkg/apis/core/helper/qos).</summary>
internal static class QosClass
{
    private static readonly string[] s_computeResources = ["cpu", "memory"];

    public static string Of(JsonObject podSpec)
    {
        var containers = podSpec.Items("containers").Concat(podSpec.Items("initContainers")).ToArray();
        var anySet = false;
        var guaranteed = true;
        foreach (var c in containers)
        {
            foreach (var resource in s_computeResources)
            {
                var request = c.Text("resources", "requests", resource);
                var limit = c.Text("resources", "limits", resource);
                anySet |= request is not null || limit is not null;
                if (limit is null || (request is not null && request != limit))
                {
                    guaranteed = false;
                }
            }
        }

        return !anySet ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
