using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using Berth.Client.Serialization;
using Berth.Client.Watch;
using k8s;
using k8s.Models;

namespace Berth.Client.Rest;

/// <summary>Typed verbs on one resource: get, list, create, update (+status), patch, delete, watch.</summary>
public sealed class ResourceClient<T, TList>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
{
    private readonly ApiClient _api;

    internal ResourceClient(ApiClient api, ApiResource<T, TList> resource)
    {
        _api = api;
        Resource = resource;
    }

    public ApiResource<T, TList> Resource { get; }

    /// <summary>This client reading objects as informers cache them, without metadata.managedFields.</summary>
    public ResourceClient<T, TList> WithoutManagedFields() => new(_api, Resource.WithoutManagedFields());

    public Task<T> GetAsync(string? ns, string name, CancellationToken cancellationToken) =>
        _api.SendAsync(HttpMethod.Get, Resource.Path(ns, name), null, Resource.Json, cancellationToken);

    /// <summary>The object, or null when it does not exist.</summary>
    public async Task<T?> TryGetAsync(string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync(ns, name, cancellationToken);
        }
        catch (ApiStatusException missing) when (missing.IsNotFound)
        {
            return null;
        }
    }

    public Task<TList> ListAsync(string? ns, ListOptions? options, CancellationToken cancellationToken) =>
        _api.SendAsync(HttpMethod.Get, WithQuery(Resource.Path(ns), options?.Query() ?? []), null, Resource.ListJson, cancellationToken);

    public Task<T> CreateAsync(T obj, CancellationToken cancellationToken, bool dryRun = false) =>
        _api.SendAsync(HttpMethod.Post, WithQuery(Resource.Path(Namespace(obj)), DryRun(dryRun)), Body(obj), Resource.Json, cancellationToken);

    /// <summary>Creates an object for a caller that keeps what it sent (an event recorder): the server's copy is not decoded.</summary>
    public Task CreateWithoutAnswerAsync(T obj, CancellationToken cancellationToken) =>
        _api.SendWithoutAnswerAsync(HttpMethod.Post, Resource.Path(Namespace(obj)), Body(obj), cancellationToken);

    /// <summary>PUT of the whole object; a stale resourceVersion is a conflict.</summary>
    public Task<T> UpdateAsync(T obj, CancellationToken cancellationToken) =>
        _api.SendAsync(HttpMethod.Put, Resource.Path(Namespace(obj), obj.Metadata.Name), Body(obj), Resource.Json, cancellationToken);

    /// <summary>PUT of the status subresource: only the status changes.</summary>
    public Task<T> UpdateStatusAsync(T obj, CancellationToken cancellationToken) => UpdateSubresourceAsync(obj, "status", cancellationToken);

    /// <summary>PUT of a subresource that takes the whole object (status, a namespace's finalize).</summary>
    public Task<T> UpdateSubresourceAsync(T obj, string subresource, CancellationToken cancellationToken) =>
        _api.SendAsync(HttpMethod.Put, Resource.Path(Namespace(obj), obj.Metadata.Name, subresource), Body(obj), Resource.Json, cancellationToken);

    public Task<T> PatchAsync(string? ns, string name, PatchType type, string patch, CancellationToken cancellationToken, string? subresource = null)
    {
        var content = new StringContent(patch, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(type switch
        {
            PatchType.Merge => "application/merge-patch+json",
            PatchType.StrategicMerge => "application/strategic-merge-patch+json",
            _ => "application/json-patch+json",
        });
        return _api.SendAsync(HttpMethod.Patch, Resource.Path(ns, name, subresource), content, Resource.Json, cancellationToken);
    }

    /// <summary>Deletes the object; preconditions, grace period and propagation come in the options.</summary>
    public async Task DeleteAsync(string? ns, string name, CancellationToken cancellationToken, V1DeleteOptions? options = null)
    {
        var content = options is null ? null : ApiClient.Json(options, ModelJsonContext.Default.V1DeleteOptions);
        using var response = await _api.SendRawAsync(HttpMethod.Delete, Resource.Path(ns, name), content, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    /// <summary>Deletes every object of the collection (in one namespace, or all) that the selectors in the options match.</summary>
    public async Task DeleteCollectionAsync(string? ns, CancellationToken cancellationToken, V1DeleteOptions? options = null, ListOptions? selection = null)
    {
        var content = options is null ? null : ApiClient.Json(options, ModelJsonContext.Default.V1DeleteOptions);
        using var response = await _api.SendRawAsync(HttpMethod.Delete, WithQuery(Resource.Path(ns), selection?.Query() ?? []), content, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    /// <summary>POSTs a body to a subresource (pods/binding, pods/eviction) whose answer only says it worked; a failure throws with its Status.</summary>
    public Task PostSubresourceAsync<TBody>(string? ns, string name, string subresource, TBody body, JsonTypeInfo<TBody> bodyType, CancellationToken cancellationToken) =>
        _api.SendWithoutAnswerAsync(HttpMethod.Post, Resource.Path(ns, name, subresource), ApiClient.Json(body, bodyType), cancellationToken);

    /// <summary>POSTs a body to a subresource that answers with an object of its own (serviceaccounts/token).</summary>
    public Task<TResult> CreateSubresourceAsync<TBody, TResult>(string? ns, string name, string subresource, TBody body,
        JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TResult> resultType, CancellationToken cancellationToken) =>
        _api.SendAsync(HttpMethod.Post, Resource.Path(ns, name, subresource), ApiClient.Json(body, bodyType), resultType, cancellationToken);

    /// <summary>
    /// Watches from <see cref="ListOptions.ResourceVersion"/> with bookmarks; ends when the server
    /// ends the watch. A compacted resourceVersion throws an <see cref="ApiStatusException"/> that is Gone.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(string? ns, ListOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = options.Query().Append(("watch", "true")).Append(("allowWatchBookmarks", "true"));
        using var response = await _api.SendRawAsync(HttpMethod.Get, WithQuery(Resource.Path(ns), query), null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var change in WatchStreamReader.ReadAsync(body, Resource.Json, cancellationToken))
        {
            yield return change;
        }
    }

    private ByteArrayContent Body(T obj)
    {
        obj.ApiVersion ??= Resource.ApiVersion;
        obj.Kind ??= Resource.Kind;
        return ApiClient.Json(obj, Resource.Json);
    }

    private string? Namespace(T obj) => Resource.Namespaced ? obj.Metadata.NamespaceProperty : null;

    private static IEnumerable<(string, string)> DryRun(bool dryRun) => dryRun ? [("dryRun", "All")] : [];

    private static string WithQuery(string path, IEnumerable<(string Name, string Value)> query)
    {
        var pairs = query.Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value)}").ToList();
        return pairs.Count == 0 ? path : $"{path}?{string.Join('&', pairs)}";
    }
}
