using Berth.Client.Discovery;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using k8s.Models;

namespace Berth.Controllers.Namespaces;

/// <summary>
/// Empties a Terminating namespace and then finalizes it (kube's namespacedResourcesDeleter):
/// every namespaced resource discovery lists is deleted with deletecollection (or item by item),
/// in the background so the garbage collector takes the rest; what remains is counted into the
/// namespace's conditions; once nothing is left the <c>kubernetes</c> finalizer is removed
/// through the <c>finalize</c> subresource, and the API server removes the namespace.
/// </summary>
public sealed class NamespaceDeleter(ApiClient client, TimeProvider time)
{
    public const string KubernetesFinalizer = "kubernetes";

    private readonly ResourceClient<V1Namespace, V1NamespaceList> _namespaces = client.For(KubeResources.Namespaces);
    private readonly ResourceDiscovery _discovery = new(client);

    /// <summary>
    /// One pass over the namespace. Throws <see cref="ContentRemainingException"/> when content is
    /// still going away (look again after its estimate), any other exception when a step failed.
    /// </summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var ns = await _namespaces.TryGetAsync(null, name, cancellationToken);
        if (ns?.Metadata.DeletionTimestamp is null)
        {
            return;
        }
        ns = await RetryOnConflictAsync(ns, MarkTerminatingAsync, cancellationToken);
        if (ns?.Metadata.DeletionTimestamp is null || !(ns.Spec?.Finalizers?.Contains(KubernetesFinalizer) ?? false))
        {
            return;
        }
        var estimate = await DeleteAllContentAsync(ns, cancellationToken);
        if (estimate > 0)
        {
            throw new ContentRemainingException(estimate);
        }
        await RetryOnConflictAsync(ns, FinalizeAsync, cancellationToken);
    }

    private async Task<V1Namespace?> MarkTerminatingAsync(V1Namespace ns, CancellationToken cancellationToken)
    {
        if (ns.Status?.Phase == "Terminating")
        {
            return ns;
        }
        var copy = ModelCopy.Clone(ns, ModelJsonContext.Default.V1Namespace);
        copy.Status ??= new V1NamespaceStatus();
        copy.Status.Phase = "Terminating";
        return await _namespaces.UpdateStatusAsync(copy, cancellationToken);
    }

    private async Task<V1Namespace?> FinalizeAsync(V1Namespace ns, CancellationToken cancellationToken)
    {
        var copy = ModelCopy.Clone(ns, ModelJsonContext.Default.V1Namespace);
        copy.Spec.Finalizers = copy.Spec.Finalizers.Where(f => f != KubernetesFinalizer).Distinct().Order(StringComparer.Ordinal).ToList();
        return await _namespaces.UpdateSubresourceAsync(copy, "finalize", cancellationToken);
    }

    /// <summary>Deletes what every namespaced resource holds; returns the seconds to wait for what is still going.</summary>
    private async Task<long> DeleteAllContentAsync(V1Namespace ns, CancellationToken cancellationToken)
    {
        var conditions = new NamespaceConditions();
        var errors = new List<Exception>();
        var discovered = await _discovery.PreferredResourcesAsync(cancellationToken);
        if (discovered.FailedGroups.Count > 0)
        {
            errors.Add(new InvalidOperationException(discovered.FailureMessage));
            conditions.DiscoveryFailed(discovered.FailureMessage, discovered.FailedGroups.Count);
        }
        var byResource = new Dictionary<string, int>(StringComparer.Ordinal);
        var byFinalizer = new Dictionary<string, int>(StringComparer.Ordinal);
        long estimate = 0;
        foreach (var resource in discovered.Resources.Where(r => r.Namespaced && r.Supports("delete")))
        {
            var (content, error) = await DeleteResourceContentAsync(resource, ns, cancellationToken);
            if (error is not null)
            {
                errors.Add(error);
                conditions.ContentDeletionFailed(error.Message);
            }
            estimate = Math.Max(estimate, content.EstimateSeconds);
            if (content.Remaining > 0)
            {
                // kube names core resources "pods." here (resource.group with an empty group).
                byResource[$"{resource.Plural}.{resource.Group}"] = content.Remaining;
                foreach (var (finalizer, count) in content.Finalizers)
                {
                    byFinalizer[finalizer] = byFinalizer.GetValueOrDefault(finalizer) + count;
                }
            }
        }
        conditions.Remaining(byResource, byFinalizer);
        var status = ModelCopy.Clone(ns, ModelJsonContext.Default.V1Namespace);
        status.Status ??= new V1NamespaceStatus();
        if (conditions.Apply(status.Status, Seconds(time.GetUtcNow().UtcDateTime)))
        {
            // The conditions are informative: a lost write is redone by the next pass.
            try
            {
                await _namespaces.UpdateStatusAsync(status, cancellationToken);
            }
            catch (ApiStatusException)
            {
            }
        }
        return errors.Count switch
        {
            0 => estimate,
            1 => throw errors[0],
            _ => throw new AggregateException(errors),
        };
    }

    private async Task<(ResourceContent Content, Exception? Error)> DeleteResourceContentAsync(DiscoveredResource resource, V1Namespace ns, CancellationToken cancellationToken)
    {
        var name = ns.Metadata.Name;
        var objects = client.For(resource.Metadata());
        long estimate = 0;
        try
        {
            estimate = resource is { Group: "", Plural: "pods" } ? await PodTerminationEstimateAsync(ns, cancellationToken) : 0;
            var background = new V1DeleteOptions { PropagationPolicy = "Background" };
            if (!resource.Supports("deletecollection") || !await TryDeleteCollectionAsync(objects, name, background, cancellationToken))
            {
                if (!resource.Supports("list"))
                {
                    return (new ResourceContent(estimate, 0, new Dictionary<string, int>()), null);
                }
                foreach (var item in (await objects.ListAsync(name, null, cancellationToken)).Items)
                {
                    await DeleteItemAsync(objects, name, item.Metadata.Name, background, cancellationToken);
                }
            }
            if (!resource.Supports("list"))
            {
                return (new ResourceContent(estimate, 0, new Dictionary<string, int>()), null);
            }
            var remaining = (await objects.ListAsync(name, null, cancellationToken)).Items;
            var (content, unexpected) = ResourceContent.Judge(estimate, remaining.Select(i => i.Metadata.Finalizers).ToList());
            return (content, unexpected
                ? new InvalidOperationException($"unexpected items still remain in namespace: {name} for gvr: {{{resource.Group} {resource.Version} {resource.Plural}}}")
                : null);
        }
        catch (ApiStatusException ex)
        {
            return (new ResourceContent(estimate, 0, new Dictionary<string, int>()), ex);
        }
    }

    /// <summary>false when the server does not offer deletecollection after all (405, or 404 for a resource without top-level verbs).</summary>
    private static async Task<bool> TryDeleteCollectionAsync(ResourceClient<ObjectMetadataOnly, ObjectMetadataOnlyList> objects, string ns, V1DeleteOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await objects.DeleteCollectionAsync(ns, cancellationToken, options);
            return true;
        }
        catch (ApiStatusException unsupported) when (unsupported.Code is 404 or 405)
        {
            return false;
        }
    }

    private static async Task DeleteItemAsync(ResourceClient<ObjectMetadataOnly, ObjectMetadataOnlyList> objects, string ns, string name, V1DeleteOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await objects.DeleteAsync(ns, name, cancellationToken, options);
        }
        catch (ApiStatusException gone) when (gone.Code is 404 or 405)
        {
        }
    }

    /// <summary>The longest grace period of the namespace's running pods, unless the namespace has been terminating longer.</summary>
    private async Task<long> PodTerminationEstimateAsync(V1Namespace ns, CancellationToken cancellationToken)
    {
        var pods = await client.For(KubeResources.Pods).ListAsync(ns.Metadata.Name, null, cancellationToken);
        var estimate = pods.Items
            .Where(p => p.Status?.Phase is not ("Succeeded" or "Failed"))
            .Select(p => p.Spec.TerminationGracePeriodSeconds ?? 0)
            .DefaultIfEmpty(0)
            .Max();
        var deletedFor = time.GetUtcNow().UtcDateTime - ns.Metadata.DeletionTimestamp!.Value;
        return deletedFor >= TimeSpan.FromSeconds(estimate) ? 0 : estimate;
    }

    /// <summary>Condition times in whole seconds, as metav1.Time has them.</summary>
    private static DateTime Seconds(DateTime time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));

    /// <summary>Runs a namespace write, again on a fresh read after a conflict (the namespace must keep its uid).</summary>
    private async Task<V1Namespace?> RetryOnConflictAsync(V1Namespace ns, Func<V1Namespace, CancellationToken, Task<V1Namespace?>> write, CancellationToken cancellationToken)
    {
        var latest = ns;
        while (true)
        {
            try
            {
                return await write(latest, cancellationToken);
            }
            catch (ApiStatusException gone) when (gone.IsNotFound)
            {
                return null;
            }
            catch (ApiStatusException conflict) when (conflict.IsConflict)
            {
                var fresh = await _namespaces.GetAsync(null, latest.Metadata.Name, cancellationToken);
                if (fresh.Metadata.Uid != latest.Metadata.Uid)
                {
                    throw new InvalidOperationException("namespace uid has changed across retries");
                }
                latest = fresh;
            }
        }
    }
}
