using System.Text.Json;
using Berth.Client.Rest;
using Berth.Client.Selectors;
using Berth.Client.Serialization;
using k8s;
using k8s.Models;

namespace Berth.Controllers.Machinery;

/// <summary>
/// Decides which objects (pods of a ReplicaSet, ReplicaSets of a Deployment…) a controller owns
/// (kube's ControllerRefManager): its own that still match its selector; orphans that match are
/// adopted (an ownerReference patched in, with the object's uid as precondition) unless the owner
/// is being deleted; its own that no longer match are released. Objects controlled by another
/// controller are never touched. A controller that tracks its objects with a finalizer (the job
/// controller) has it added in the same adoption patch.
/// </summary>
public sealed class Claims<T, TList>(ResourceClient<T, TList> objects, string? adoptionFinalizer = null)
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
{
    /// <param name="ownerRef">The controller reference to the owner (its uid identifies it).</param>
    /// <param name="ownerDeleting">The owner has a deletionTimestamp: it adopts and releases nothing.</param>
    /// <param name="canAdopt">A fresh read of the owner confirming it still exists and is not being deleted (asked at most once).</param>
    /// <param name="belongs">What the owner requires beyond its selector (a StatefulSet's pods carry its name); null for nothing.</param>
    public async Task<List<T>> ClaimAsync(
        V1OwnerReference ownerRef, bool ownerDeleting, LabelSelector selector, IEnumerable<T> candidates, Func<CancellationToken, Task<bool>> canAdopt,
        CancellationToken cancellationToken, Func<T, bool>? belongs = null)
    {
        var claimed = new List<T>();
        bool? adoptable = null;
        foreach (var obj in candidates)
        {
            var controller = ControllerRefs.Of(obj.Metadata);
            var matches = selector.Matches(obj.Metadata.Labels) && (belongs is null || belongs(obj));
            if (controller is not null)
            {
                if (controller.Uid != ownerRef.Uid)
                {
                    continue;
                }
                if (matches)
                {
                    claimed.Add(obj);
                }
                else if (!ownerDeleting)
                {
                    await PatchIgnoringGoneAsync(obj, ReleasePatch(ownerRef, obj), cancellationToken);
                }
                continue;
            }
            if (!matches || ownerDeleting || obj.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            adoptable ??= await canAdopt(cancellationToken);
            if (adoptable == true && await PatchIgnoringGoneAsync(obj, AdoptPatch(ownerRef, obj), cancellationToken) is { } adopted)
            {
                claimed.Add(adopted);
            }
        }
        return claimed;
    }

    /// <summary>Applies a patch; an object gone or changed meanwhile (404, or 422 for the uid precondition) is skipped.</summary>
    private async Task<T?> PatchIgnoringGoneAsync(T obj, string patch, CancellationToken cancellationToken)
    {
        try
        {
            return await objects.PatchAsync(obj.Metadata.NamespaceProperty, obj.Metadata.Name, PatchType.StrategicMerge, patch, cancellationToken);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound || gone.Code == 422)
        {
            return null;
        }
    }

    private string AdoptPatch(V1OwnerReference ownerRef, T obj)
    {
        var finalizers = adoptionFinalizer is null ? "" : $$$""","finalizers":[{{{Quote(adoptionFinalizer)}}}]""";
        return $$$"""{"metadata":{"ownerReferences":[{{{JsonSerializer.Serialize(ownerRef, ModelJsonContext.Default.V1OwnerReference)}}}]{{{finalizers}}},"uid":{{{Quote(obj.Metadata.Uid)}}}}}""";
    }

    private static string ReleasePatch(V1OwnerReference ownerRef, T obj) =>
        $$$"""{"metadata":{"ownerReferences":[{"$patch":"delete","uid":{{{Quote(ownerRef.Uid)}}}}],"uid":{{{Quote(obj.Metadata.Uid)}}}}}""";

    private static string Quote(string value) => JsonSerializer.Serialize(value, ModelJsonContext.Default.String);
}
