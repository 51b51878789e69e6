using Berth.Client.Rest;
using k8s;
using k8s.Models;

namespace Berth.Controllers.Machinery;

/// <summary>The check before adopting orphans (kube's RecheckDeletionTimestamp).</summary>
public static class Adoption
{
    /// <summary>
    /// A fresh read of the owner: the cached copy may have been deleted (and recreated under the
    /// same name) meanwhile; only the same object, not being deleted, may adopt.
    /// </summary>
    public static async Task<bool> OwnerStillActiveAsync<T, TList>(ResourceClient<T, TList> owners, T cached, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        var fresh = await owners.TryGetAsync(cached.Metadata.NamespaceProperty, cached.Metadata.Name, cancellationToken);
        return fresh is not null && fresh.Metadata.Uid == cached.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null;
    }
}
