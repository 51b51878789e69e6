using Berth.Client.Events;
using Berth.Client.Rest;
using k8s;
using k8s.Models;

namespace Berth.Controllers.Pods;

/// <summary>
/// Creates and deletes a controller's pods through the API and records kube's events about them on
/// the owner (SuccessfulCreate / FailedCreate / SuccessfulDelete / FailedDelete).
/// </summary>
public sealed class PodControl(ApiClient client, EventRecorder events)
{
    private readonly ResourceClient<V1Pod, V1PodList> _pods = client.For(KubeResources.Pods);

    public async Task<V1Pod> CreateAsync<T, TList>(ApiResource<T, TList> ownerResource, T owner, V1Pod pod, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        try
        {
            var created = await _pods.CreateAsync(pod, cancellationToken);
            events.Normal(ownerResource, owner, "SuccessfulCreate", $"Created pod: {created.Metadata.Name}");
            return created;
        }
        catch (ApiStatusException failed)
        {
            events.Warning(ownerResource, owner, "FailedCreate", $"Error creating: {failed.Message}");
            throw;
        }
    }

    /// <summary>Deletes the pod (with its uid as precondition); one already gone counts as deleted.</summary>
    public async Task DeleteAsync<T, TList>(ApiResource<T, TList> ownerResource, T owner, V1Pod pod, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        try
        {
            await _pods.DeleteAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, cancellationToken,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } });
            events.Normal(ownerResource, owner, "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}");
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
        catch (ApiStatusException failed)
        {
            events.Warning(ownerResource, owner, "FailedDelete", $"Error deleting: {failed.Message}");
            throw;
        }
    }

    /// <summary>Deletes the pods at once; each one that could not be deleted goes to <paramref name="notDeleted"/> (to lower expectations). Returns the first failure.</summary>
    public async Task<Exception?> DeleteAllAsync<T, TList>(ApiResource<T, TList> ownerResource, T owner, IEnumerable<V1Pod> pods, Action<V1Pod> notDeleted,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        Exception? failure = null;
        await Task.WhenAll(pods.Select(async pod =>
        {
            try
            {
                await DeleteAsync(ownerResource, owner, pod, cancellationToken);
            }
            catch (ApiStatusException ex)
            {
                notDeleted(pod);
                Interlocked.CompareExchange(ref failure, ex, null);
            }
        }));
        return failure;
    }
}
