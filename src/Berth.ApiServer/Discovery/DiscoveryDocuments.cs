using System.Text.Json.Nodes;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Discovery;

/// <summary>
/// The legacy discovery documents kubectl reads: <c>/api</c> (APIVersions), <c>/apis</c> (APIGroupList)
/// and one APIResourceList per group/version, with verbs, short names and categories.
/// </summary>
public sealed class DiscoveryDocuments(ResourceRegistry registry)
{
    public JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public JsonObject Groups()
    {
        var groups = new JsonArray();
        foreach (var group in registry.GroupVersions.Where(gv => gv.Group.Length > 0).GroupBy(gv => gv.Group))
        {
            var versions = new JsonArray(group.Select(gv => (JsonNode)GroupVersion(gv.Group, gv.Version)).ToArray());
            groups.Add((JsonNode)new JsonObject
            {
                ["name"] = group.Key,
                ["versions"] = versions,
                ["preferredVersion"] = GroupVersion(group.Key, group.First().Version),
            });
        }
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public JsonObject Group(string group)
    {
        var versions = registry.GroupVersions.Where(gv => gv.Group == group).ToList();
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(versions.Select(gv => (JsonNode)GroupVersion(gv.Group, gv.Version)).ToArray()),
            ["preferredVersion"] = GroupVersion(group, versions[0].Version),
        };
    }

    public JsonObject ResourceList(string group, string version)
    {
        var resources = new JsonArray();
        foreach (var resource in registry.InGroupVersion(group, version))
        {
            var entry = new JsonObject
            {
                ["name"] = resource.Name,
                ["singularName"] = resource.SingularName,
                ["namespaced"] = resource.Namespaced,
                ["kind"] = resource.Kind,
                ["verbs"] = Strings(resource.Verbs),
            };
            if (resource.ShortNames.Count > 0)
            {
                entry["shortNames"] = Strings(resource.ShortNames);
            }
            if (resource.Categories.Count > 0)
            {
                entry["categories"] = Strings(resource.Categories);
            }
            resources.Add((JsonNode)entry);
            foreach (var subresource in resource.AllSubresources)
            {
                resources.Add((JsonNode)Subresource(resource, subresource));
            }
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Subresource(ResourceDefinition resource, Subresource subresource)
    {
        var entry = new JsonObject
        {
            ["name"] = $"{resource.Name}/{subresource.Name}",
            ["singularName"] = "",
            ["namespaced"] = resource.Namespaced,
            ["kind"] = subresource.Kind,
            ["verbs"] = Strings(subresource.Verbs),
        };
        if (subresource.Group is not null)
        {
            entry["group"] = subresource.Group;
            entry["version"] = subresource.Version;
        }
        return entry;
    }

    private static JsonObject GroupVersion(string group, string version) => new()
    {
        ["groupVersion"] = $"{group}/{version}",
        ["version"] = version,
    };

    internal static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
