using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Discovery;

/// <summary>The verbs and subresources a resource serves, shared by the legacy and the aggregated discovery documents.</summary>
public static class ResourceVerbs
{
    private static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
    private static readonly string[] SubresourceVerbs = ["get", "patch", "update"];

    public static IEnumerable<string> Of(ResourceDefinition resource) =>
        resource is { Group: "", Name: "namespaces" } ? AllVerbs.Where(v => v != "deletecollection") : AllVerbs;

    public static IEnumerable<DiscoveredSubresource> Subresources(ResourceDefinition resource)
    {
        if (resource.HasStatus)
        {
            yield return new DiscoveredSubresource("status", resource.Kind, SubresourceVerbs);
        }
        if (resource.HasScale)
        {
            yield return new DiscoveredSubresource("scale", "Scale", SubresourceVerbs, "autoscaling", "v1");
        }
        if (resource is { Group: "", Name: "pods" })
        {
            yield return new DiscoveredSubresource("binding", "Binding", ["create"]);
        }
        if (resource is { Group: "", Name: "namespaces" })
        {
            yield return new DiscoveredSubresource("finalize", resource.Kind, ["update"]);
        }
    }
}
