using System.Text.Json;
using Berth.Client.Rest;
using Berth.Client.Selectors;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using k8s.Models;

namespace Berth.Controllers.Pods;

/// <summary>
/// Decides which pods a controller owns (kube's PodControllerRefManager): its own pods that still
/// match its selector; orphans that match are adopted (an ownerReference patched in, with the pod's
/// uid as precondition) unless the owner is being deleted; its pods that no longer match are
/// released. Pods controlled by another controller are never touched.
/// </summary>
public sealed class PodClaims(ApiClient client)
{
    private readonly ResourceClient<V1Pod, V1PodList> _pods = client.For(KubeResources.Pods);

    /// <param name="ownerRef">The controller reference to the owner (its uid identifies it).</param>
    /// <param name="ownerDeleting">The owner has a deletionTimestamp: it adopts nothing.</param>
    /// <param name="canAdopt">A fresh read of the owner confirming it still exists and is not being deleted (asked at most once).</param>
    public async Task<List<V1Pod>> ClaimAsync(
        V1OwnerReference ownerRef, bool ownerDeleting, LabelSelector selector, IEnumerable<V1Pod> pods, Func<CancellationToken, Task<bool>> canAdopt, CancellationToken cancellationToken)
    {
        var claimed = new List<V1Pod>();
        bool? adoptable = null;
        foreach (var pod in pods)
        {
            var controller = ControllerRefs.Of(pod.Metadata);
            var matches = selector.Matches(pod.Metadata.Labels);
            if (controller is not null)
            {
                if (controller.Uid != ownerRef.Uid)
                {
                    continue;
                }
                if (matches)
                {
                    claimed.Add(pod);
                }
                else if (!ownerDeleting)
                {
                    await PatchIgnoringGoneAsync(pod, ReleasePatch(ownerRef, pod), cancellationToken);
                }
                continue;
            }
            if (!matches || ownerDeleting || pod.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            adoptable ??= await canAdopt(cancellationToken);
            if (adoptable == true && await PatchIgnoringGoneAsync(pod, AdoptPatch(ownerRef, pod), cancellationToken) is { } adopted)
            {
                claimed.Add(adopted);
            }
        }
        return claimed;
    }

    /// <summary>Applies a patch; a pod gone or changed meanwhile (404, or 422 for the uid precondition) is skipped.</summary>
    private async Task<V1Pod?> PatchIgnoringGoneAsync(V1Pod pod, string patch, CancellationToken cancellationToken)
    {
        try
        {
            return await _pods.PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.StrategicMerge, patch, cancellationToken);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound || gone.Code == 422)
        {
            return null;
        }
    }

    private static string AdoptPatch(V1OwnerReference ownerRef, V1Pod pod) =>
        $$$"""{"metadata":{"ownerReferences":[{{{JsonSerializer.Serialize(ownerRef, ModelJsonContext.Default.V1OwnerReference)}}}],"uid":{{{Quote(pod.Metadata.Uid)}}}}}""";

    private static string ReleasePatch(V1OwnerReference ownerRef, V1Pod pod) =>
        $$$"""{"metadata":{"ownerReferences":[{"$patch":"delete","uid":{{{Quote(ownerRef.Uid)}}}}],"uid":{{{Quote(pod.Metadata.Uid)}}}}}""";

    private static string Quote(string value) => JsonSerializer.Serialize(value, ModelJsonContext.Default.String);
}
