using Berth.Client.Resources;
using Berth.Client.Scheduling;
using Berth.Client.Selectors;
using Berth.Scheduler.Framework;
using k8s.Models;

namespace Berth.Scheduler.Plugins.VolumeBinding;

/// <summary>
/// Which PersistentVolume an unbound claim would get on a node (kube's pv_util FindMatchingVolume):
/// the smallest unclaimed volume of the claim's class with enough capacity, the claim's access
/// modes and volume mode, labels its selector matches, and node affinity the node satisfies. A
/// volume pre-bound to the claim wins. Berth has no PV controller, so a volume never marked
/// Available (phase empty or Pending) counts as available while unclaimed.
/// </summary>
internal static class VolumeMatching
{
    public static V1PersistentVolume? Find(V1PersistentVolumeClaim claim, NodeInfo node, IEnumerable<V1PersistentVolume> volumes, IReadOnlySet<string> taken)
    {
        var className = claim.Spec?.StorageClassName ?? "";
        var requested = claim.Spec?.Resources?.Requests is { } requests && requests.TryGetValue("storage", out var storage) ? Quantities.Value(storage) : 0;
        var selector = claim.Spec?.Selector is { } labels ? LabelSelector.From(labels) : null;
        V1PersistentVolume? smallest = null;
        long smallestSize = long.MaxValue;
        foreach (var volume in volumes)
        {
            if (taken.Contains(volume.Metadata.Name) || volume.Metadata.DeletionTimestamp is not null || (volume.Spec?.StorageClassName ?? "") != className)
            {
                continue;
            }
            var size = volume.Spec?.Capacity is { } capacity && capacity.TryGetValue("storage", out var quantity) ? Quantities.Value(quantity) : 0;
            if (size < requested || (volume.Spec?.VolumeMode ?? "Filesystem") != (claim.Spec?.VolumeMode ?? "Filesystem") || !AffinityAllows(volume, node))
            {
                continue;
            }
            if (IsBoundTo(volume, claim))
            {
                return volume;
            }
            var available = volume.Spec?.ClaimRef is null && (volume.Status?.Phase ?? "") is "" or "Pending" or "Available";
            if (!available || (selector is not null && !selector.Matches(volume.Metadata.Labels)) || !HasAccessModes(volume, claim))
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

    /// <summary>The volume's node affinity (local volumes) admits the node; a volume without one fits anywhere.</summary>
    public static bool AffinityAllows(V1PersistentVolume volume, NodeInfo node) =>
        volume.Spec?.NodeAffinity?.Required is not { } required || NodeSelectorMatcher.From(required).Matches(node.Labels, node.Name);

    private static bool IsBoundTo(V1PersistentVolume volume, V1PersistentVolumeClaim claim) =>
        volume.Spec?.ClaimRef is { } reference
        && reference.Name == claim.Metadata.Name
        && reference.NamespaceProperty == claim.Metadata.NamespaceProperty
        && (string.IsNullOrEmpty(reference.Uid) || reference.Uid == claim.Metadata.Uid);

    private static bool HasAccessModes(V1PersistentVolume volume, V1PersistentVolumeClaim claim) =>
        (claim.Spec?.AccessModes ?? []).All(mode => volume.Spec?.AccessModes?.Contains(mode) == true);
}
