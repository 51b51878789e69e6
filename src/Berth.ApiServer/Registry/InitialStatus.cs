using System.Text.Json.Nodes;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Registry;

/// <summary>
/// The status an object starts with: clients cannot create status, so the server resets it as the
/// Kubernetes strategies' PrepareForCreate do (nodes keep theirs: the kubelet registers them with it).
/// </summary>
public static class InitialStatus
{
    public static void Apply(ResourceDefinition resource, JsonObject obj)
    {
        if (!resource.HasStatus || resource is { Group: "", Name: "nodes" })
        {
            return;
        }
        obj["status"] = (resource.Group, resource.Name) switch
        {
            ("", "pods") => new JsonObject { ["phase"] = "Pending", ["qosClass"] = PodQosClass(obj) },
            ("", "namespaces") => new JsonObject { ["phase"] = "Active" },
            ("", "services") => new JsonObject { ["loadBalancer"] = new JsonObject() },
            ("", "persistentvolumes") => new JsonObject { ["phase"] = "Pending" },
            ("", "persistentvolumeclaims") => new JsonObject { ["phase"] = "Pending" },
            _ => new JsonObject(),
        };
    }

    /// <summary>Guaranteed when every container limits cpu and memory at its requests, BestEffort with no resources at all.</summary>
    private static string PodQosClass(JsonObject pod)
    {
        var containers = (pod["spec"]?["containers"] as JsonArray ?? []).Concat(pod["spec"]?["initContainers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var any = false;
        var guaranteed = containers.Count > 0;
        foreach (var container in containers)
        {
            var requests = container["resources"]?["requests"] as JsonObject;
            var limits = container["resources"]?["limits"] as JsonObject;
            any |= requests?.Count > 0 || limits?.Count > 0;
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var limit = limits?[resource]?.ToString();
                var request = requests?[resource]?.ToString() ?? limit;
                guaranteed &= limit is not null && limit == request;
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
