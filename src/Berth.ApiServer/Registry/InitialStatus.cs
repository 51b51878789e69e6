using System.Text.Json.Nodes;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Registry;

/// <summary>
/// Clients cannot create status: the server resets it on create, as the Kubernetes strategies'
/// PrepareForCreate do (defaulting then fills pod phase, namespace phase, …). Nodes keep theirs: the
/// node agent registers them with it.
/// </summary>
public static class InitialStatus
{
    public static void Apply(ResourceDefinition resource, JsonObject obj)
    {
        if (!resource.HasStatus || resource is { Group: "", Name: "nodes" })
        {
            return;
        }
        obj["status"] = resource is { Group: "", Name: "services" }
            ? new JsonObject { ["loadBalancer"] = new JsonObject() }
            : new JsonObject();
    }
}
