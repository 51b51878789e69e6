using System.Text.Json.Nodes;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Discovery;

/// <summary>
/// Aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList): <c>/api</c> and <c>/apis</c>
/// answer with every group, version and resource at once, so a client needs two requests instead of
/// one per group/version. Served when the Accept header asks for it; the legacy documents otherwise.
/// </summary>
public sealed class AggregatedDiscovery(ResourceRegistry registry)
{
    public const string MediaType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /// <summary>True when the first media range of Accept that this server can answer is aggregated discovery v2.</summary>
    public static bool IsPreferred(string accept)
    {
        foreach (var range in accept.Split(','))
        {
            var parts = range.Split(';').Select(p => p.Trim()).ToArray();
            var parameters = parts.Skip(1).Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
            if (parts[0] is not ("application/json" or "application/*" or "*/*"))
            {
                continue;
            }
            if (!parameters.TryGetValue("as", out var kind))
            {
                return false;
            }
            if (kind == "APIGroupDiscoveryList" && parameters.GetValueOrDefault("g") == "apidiscovery.k8s.io" && parameters.GetValueOrDefault("v") == "v2")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The core group (<c>/api</c>) or every named group (<c>/apis</c>).</summary>
    public JsonObject Document(bool core)
    {
        var items = new JsonArray();
        foreach (var group in registry.GroupVersions.Where(gv => (gv.Group.Length == 0) == core).GroupBy(gv => gv.Group))
        {
            var metadata = new JsonObject { ["creationTimestamp"] = null };
            if (group.Key.Length > 0)
            {
                metadata["name"] = group.Key;
            }
            items.Add((JsonNode)new JsonObject
            {
                ["metadata"] = metadata,
                ["versions"] = new JsonArray(group.Select(gv => (JsonNode)Version(gv.Group, gv.Version)).ToArray()),
            });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private JsonObject Version(string group, string version)
    {
        var resources = new JsonArray();
        foreach (var resource in registry.InGroupVersion(group, version))
        {
            var entry = new JsonObject
            {
                ["resource"] = resource.Name,
                ["responseKind"] = Kind(group, version, resource.Kind),
                ["scope"] = resource.Namespaced ? "Namespaced" : "Cluster",
                ["singularResource"] = resource.SingularName,
                ["verbs"] = DiscoveryDocuments.Strings(resource.Verbs),
            };
            if (resource.ShortNames.Count > 0)
            {
                entry["shortNames"] = DiscoveryDocuments.Strings(resource.ShortNames);
            }
            if (resource.Categories.Count > 0)
            {
                entry["categories"] = DiscoveryDocuments.Strings(resource.Categories);
            }
            var subresources = resource.AllSubresources.Select(s => (JsonNode)new JsonObject
            {
                ["subresource"] = s.Name,
                ["responseKind"] = Kind(s.Group ?? group, s.Version ?? version, s.Kind),
                ["verbs"] = DiscoveryDocuments.Strings(s.Verbs),
            }).ToArray();
            if (subresources.Length > 0)
            {
                entry["subresources"] = new JsonArray(subresources);
            }
            resources.Add((JsonNode)entry);
        }
        return new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" };
    }

    private static JsonObject Kind(string group, string version, string kind) => new()
    {
        ["group"] = group,
        ["version"] = version,
        ["kind"] = kind,
    };
}
