using Berth.Client.Resources;
using Berth.Client.Selectors;
using k8s.Models;

namespace Berth.Client.Storage;

/// <summary>
/// Which PersistentVolume an unbound claim would get (kube's pv_util FindMatchingVolume), shared by
/// the PV controller and the scheduler's VolumeBinding: a volume pre-bound to the claim wins; else
/// the smallest unclaimed, not deleting volume of the claim's class with enough capacity, the
/// claim's access modes and volume mode, labels its selector matches, and node affinity
/// <c>nodeFits</c> allows. With <c>delayBinding</c> (the PV controller for a
/// WaitForFirstConsumer claim) only pre-bound volumes count: the scheduler picks the others.
/// </summary>
public static class VolumeClaimMatcher
{
    public static V1PersistentVolume? Find(
        V1PersistentVolumeClaim claim,
        IEnumerable<V1PersistentVolume> volumes,
        Func<V1PersistentVolume, bool> nodeFits,
        IReadOnlySet<string>? taken = null,
        bool delayBinding = false)
    {
        var className = claim.Spec?.StorageClassName ?? "";
        var requested = StorageOf(claim.Spec?.Resources?.Requests);
        var selector = claim.Spec?.Selector is { } labels ? LabelSelector.From(labels) : null;
        V1PersistentVolume? smallest = null;
        var smallestSize = long.MaxValue;
        foreach (var volume in volumes)
        {
            if (taken?.Contains(volume.Metadata.Name) == true || volume.Metadata.DeletionTimestamp is not null || (volume.Spec?.StorageClassName ?? "") != className)
            {
                continue;
            }
            var size = StorageOf(volume.Spec?.Capacity);
            if (size < requested || (volume.Spec?.VolumeMode ?? "Filesystem") != (claim.Spec?.VolumeMode ?? "Filesystem") || !nodeFits(volume))
            {
                continue;
            }
            if (IsPreBoundTo(volume, claim))
            {
                return volume;
            }
            var available = volume.Spec?.ClaimRef is null && (volume.Status?.Phase ?? "") is "" or "Pending" or "Available";
            if (delayBinding || !available || (selector is not null && !selector.Matches(volume.Metadata.Labels)) || !HasAccessModes(volume, claim))
            {
                continue;
            }
            if (size < smallestSize)
            {
                smallest = volume;
                smallestSize = size;
            }
        }
        return smallest;
    }

    /// <summary>The volume's claimRef names the claim (and its uid, when the reference has one).</summary>
    public static bool IsPreBoundTo(V1PersistentVolume volume, V1PersistentVolumeClaim claim) =>
        volume.Spec?.ClaimRef is { } reference
        && reference.Name == claim.Metadata.Name
        && reference.NamespaceProperty == claim.Metadata.NamespaceProperty
        && (string.IsNullOrEmpty(reference.Uid) || reference.Uid == claim.Metadata.Uid);

    /// <summary>The <c>storage</c> quantity of a capacity or request list in bytes (0 when absent).</summary>
    public static long StorageOf(IDictionary<string, ResourceQuantity>? quantities) =>
        quantities is not null && quantities.TryGetValue("storage", out var storage) ? Quantities.Value(storage) : 0;

    private static bool HasAccessModes(V1PersistentVolume volume, V1PersistentVolumeClaim claim) =>
        (claim.Spec?.AccessModes ?? []).All(mode => volume.Spec?.AccessModes?.Contains(mode) == true);
}
