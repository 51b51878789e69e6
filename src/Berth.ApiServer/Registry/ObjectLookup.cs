using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Registry;

/// <summary>
/// The objects admission reads besides the one it admits, as kube's admission plugins read their
/// informers: from the watch cache, which may lag a write by moments; a single object the cache
/// does not show is confirmed with the store, so one created just before is found.
/// </summary>
public sealed class ObjectLookup(ResourceStore store)
{
    public ResourceDefinition Resource(string group, string version, string name) =>
        store.Registry.Find(group, version, name) ?? throw new InvalidOperationException($"{name}.{group}/{version} is not served");

    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<JsonObject?> FindAsync(ResourceDefinition resource, string? ns, string name, CancellationToken cancellationToken)
    {
        if (store.Cache.Get(resource.StorageKey(ns, name)) is { } cached)
        {
            return ObjectCodec.ParseObject(cached.Json);
        }
        try
        {
            return await store.GetAsync(resource, ns, name, cancellationToken);
        }
        catch (ApiException notFound) when (notFound.Code == 404)
        {
            return null;
        }
    }

    /// <summary>Every object of the resource (in the namespace, when given) the cache holds.</summary>
    public IReadOnlyList<JsonObject> List(ResourceDefinition resource, string? ns = null) =>
        [.. store.Cache.List(resource.CollectionPrefix(ns)).Items.Select(item => ObjectCodec.ParseObject(item.Json))];
}
