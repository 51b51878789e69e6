using Berth.Client.Rest;
using Berth.Client.Watch;
using k8s;
using k8s.Models;

namespace Berth.Client.Informers;

/// <summary>
/// List and watch of one resource through the API, in one namespace or all, optionally filtered by
/// selectors. The objects come without metadata.managedFields, which no informer's reader needs.
/// </summary>
public sealed class ResourceListWatch<T, TList>(ResourceClient<T, TList> source, string? ns = null, string? labelSelector = null, string? fieldSelector = null)
    : IListWatchSource<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
{
    private readonly ResourceClient<T, TList> _client = source.WithoutManagedFields();

    /// <summary>Watches end after 5–10 minutes (spread, as client-go does) and start again from where they were.</summary>
    private static int WatchTimeoutSeconds() => 300 + Random.Shared.Next(300);

    public async Task<(IReadOnlyList<T> Items, string ResourceVersion)> ListAsync(CancellationToken cancellationToken)
    {
        var list = await _client.ListAsync(ns, new ListOptions { LabelSelector = labelSelector, FieldSelector = fieldSelector }, cancellationToken);
        return (list.Items.ToList(), list.Metadata.ResourceVersion);
    }

    public IAsyncEnumerable<WatchEvent<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken) =>
        _client.WatchAsync(ns, new ListOptions
        {
            LabelSelector = labelSelector,
            FieldSelector = fieldSelector,
            ResourceVersion = resourceVersion,
            TimeoutSeconds = WatchTimeoutSeconds(),
        }, cancellationToken);
}
