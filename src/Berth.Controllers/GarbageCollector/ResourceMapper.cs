using Berth.Client.Discovery;

namespace Berth.Controllers.GarbageCollector;

/// <summary>
/// The resource behind an ownerReference's apiVersion and kind (client-go's RESTMapper over the
/// preferred versions discovery found): the exact version when it is the served one, else the
/// group's served version of the kind (every version of a group shares one storage).
/// </summary>
public sealed class ResourceMapper
{
    private volatile IReadOnlyList<DiscoveredResource> _resources = [];

    public void Update(IReadOnlyList<DiscoveredResource> resources) => _resources = resources;

    public DiscoveredResource? Find(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/');
        var group = slash < 0 ? "" : apiVersion[..slash];
        var resources = _resources;
        return resources.FirstOrDefault(r => r.ApiVersion == apiVersion && r.Kind == kind)
            ?? resources.FirstOrDefault(r => r.Group == group && r.Kind == kind);
    }
}
