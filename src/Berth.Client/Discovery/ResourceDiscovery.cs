using Berth.Client.Rest;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Client.Discovery;

/// <summary>
/// The resources the API serves, from the legacy discovery documents (<c>/api/v1</c>, <c>/apis</c>
/// and each group's preferred version): client-go's ServerPreferredResources, which the garbage
/// collector and the namespace controller use to reach every kind, built-in or not.
/// </summary>
public sealed class ResourceDiscovery(ApiClient client)
{
    public async Task<DiscoveryResult> PreferredResourcesAsync(CancellationToken cancellationToken)
    {
        var json = ModelJsonContext.Default;
        var groupVersions = new List<string> { "v1" };
        var groups = await client.SendAsync(HttpMethod.Get, "/apis", null, json.V1APIGroupList, cancellationToken);
        groupVersions.AddRange(groups.Groups.Select(g => g.PreferredVersion?.GroupVersion ?? g.Versions[0].GroupVersion));

        var lists = await Task.WhenAll(groupVersions.Select(async groupVersion =>
        {
            try
            {
                var path = groupVersion == "v1" ? "/api/v1" : $"/apis/{groupVersion}";
                return (groupVersion, List: await client.SendAsync(HttpMethod.Get, path, null, json.V1APIResourceList, cancellationToken), Error: (string?)null);
            }
            catch (Exception ex) when (ex is ApiStatusException or HttpRequestException)
            {
                return (groupVersion, List: (V1APIResourceList?)null, Error: ex.Message);
            }
        }));
        var resources = lists.Where(l => l.List is not null).SelectMany(l => Resources(l.groupVersion, l.List!)).ToList();
        var failed = lists.Where(l => l.Error is not null).ToDictionary(l => l.groupVersion, l => l.Error!, StringComparer.Ordinal);
        return new DiscoveryResult(resources, failed);
    }

    private static IEnumerable<DiscoveredResource> Resources(string groupVersion, V1APIResourceList list)
    {
        var slash = groupVersion.IndexOf('/');
        var (group, version) = slash < 0 ? ("", groupVersion) : (groupVersion[..slash], groupVersion[(slash + 1)..]);
        return list.Resources
            .Where(r => !r.Name.Contains('/'))
            .Select(r => new DiscoveredResource(group, version, r.Name, r.Kind, r.Namespaced, (r.Verbs ?? []).ToHashSet(StringComparer.Ordinal)));
    }
}
