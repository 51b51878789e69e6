using System.Text.Json.Nodes;
using Berth.Client.Discovery;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Controllers.GarbageCollector;

/// <summary>
/// The garbage collector's reads and writes of any object through the API, by identity: metadata
/// GETs, deletes with a uid precondition, and merge patches of metadata retried on conflict from a
/// fresh read.
/// </summary>
public sealed class LiveObjects(ApiClient client, ResourceMapper mapper)
{
    private const int MaxAttempts = 5;

    /// <summary>The resource of an identity's kind, or null when discovery does not (yet) know it.</summary>
    public DiscoveredResource? Resource(ObjectIdentity identity) => mapper.Find(identity.ApiVersion, identity.Kind);

    /// <summary>The object's metadata, or null when nothing with its uid exists.</summary>
    public async Task<ObjectMetadataOnly?> GetAsync(DiscoveredResource resource, ObjectIdentity identity, CancellationToken cancellationToken)
    {
        var found = await Client(resource).TryGetAsync(Namespace(resource, identity), identity.Name, cancellationToken);
        return found?.Metadata.Uid == identity.Uid ? found : null;
    }

    public async Task DeleteAsync(DiscoveredResource resource, ObjectIdentity identity, string propagation, CancellationToken cancellationToken)
    {
        try
        {
            await Client(resource).DeleteAsync(Namespace(resource, identity), identity.Name, cancellationToken,
                new V1DeleteOptions { PropagationPolicy = propagation, Preconditions = new V1Preconditions { Uid = identity.Uid } });
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }

    /// <summary>
    /// Patches the object's metadata with what <paramref name="change"/> computes from its current
    /// metadata (null: nothing to do); gone or replaced objects are left alone.
    /// </summary>
    public async Task PatchAsync(DiscoveredResource resource, ObjectIdentity identity, Func<V1ObjectMeta, JsonObject?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await GetAsync(resource, identity, cancellationToken) is not { } current || change(current.Metadata) is not { } patch)
            {
                return;
            }
            try
            {
                await Client(resource).PatchAsync(Namespace(resource, identity), identity.Name, PatchType.Merge, patch.ToJsonString(), cancellationToken);
                return;
            }
            catch (ApiStatusException gone) when (gone.IsNotFound)
            {
                return;
            }
            catch (ApiStatusException conflict) when (conflict.IsConflict && attempt < MaxAttempts)
            {
            }
        }
    }

    private ResourceClient<ObjectMetadataOnly, ObjectMetadataOnlyList> Client(DiscoveredResource resource) => client.For(resource.Metadata());

    private static string? Namespace(DiscoveredResource resource, ObjectIdentity identity) => resource.Namespaced ? identity.Namespace : null;
}
