using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Registry;

/// <summary>
/// The objects admission reads besides the one it admits, as kube's admission plugins read their
/// informers: from the watch cache, which may lag a write by moments; a single object the cache
/// does not show is confirmed with the store, so one created just before is found. ResourceQuota
/// admission also reads the store's current copy and writes status with a revision precondition.
/// </summary>
public sealed class ObjectLookup(ResourceStore store)
{
    public ResourceDefinition Resource(string group, string version, string name) =>
        store.Registry.Find(group, version, name) ?? throw new InvalidOperationException($"{name}.{group}/{version} is not served");

    /// <summary>The resource served for a kind in a group and version, or null.</summary>
    public ResourceDefinition? ResourceOfKind(string group, string version, string kind) =>
        store.Registry.InGroupVersion(group, version).FirstOrDefault(r => r.Kind == kind);

    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<JsonObject?> FindAsync(ResourceDefinition resource, string? ns, string name, CancellationToken cancellationToken)
    {
        return store.Cache.Get(resource.StorageKey(ns, name)) is { } cached
            ? ObjectCodec.ParseObject(cached.Json)
            : await ReadCurrentAsync(resource, ns, name, cancellationToken);
    }

    /// <summary>Every object of the resource (in the namespace, when given) the cache holds.</summary>
    public IReadOnlyList<JsonObject> List(ResourceDefinition resource, string? ns = null) =>
        [.. store.Cache.List(resource.CollectionPrefix(ns)).Items.Select(item => ObjectCodec.ParseObject(item.Json))];

    /// <summary>The store's current copy of an object (not the cache's), or null when it does not exist.</summary>
    public async Task<JsonObject?> ReadCurrentAsync(ResourceDefinition resource, string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await store.GetAsync(resource, ns, name, cancellationToken);
        }
        catch (ApiException notFound) when (notFound.Code == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Replaces an object's status as the server (no admission), only if it is still at
    /// <paramref name="resourceVersion"/>: a 409 ApiException when it changed meanwhile.
    /// </summary>
    public Task<JsonObject> WriteStatusAsync(ResourceDefinition resource, string? ns, string name, string resourceVersion, JsonObject status, CancellationToken cancellationToken) =>
        store.UpdateAsync(resource, ns, name, current =>
        {
            current["status"] = status.DeepClone();
            ObjectMetadata.Set(current, "resourceVersion", resourceVersion);
            return current;
        }, UpdateTarget.Status, WriteOptions.Server, cancellationToken);
}
