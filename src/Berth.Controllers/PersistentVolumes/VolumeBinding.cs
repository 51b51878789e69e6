using Berth.Client.Serialization;
using Berth.Client.Storage;
using k8s.Models;

namespace Berth.Controllers.PersistentVolumes;

/// <summary>
/// The objects kube's PV controller writes when it binds (pure; each returns null when nothing
/// changes): the volume's claimRef, the claim's volumeName and annotations, and both phases. What
/// the controller chose is marked bound-by-controller, so it may undo it; a user's pre-binding is not.
/// </summary>
public static class VolumeBinding
{
    /// <summary>The volume with its claimRef on the claim (kube's bindVolumeToClaim).</summary>
    public static V1PersistentVolume? VolumeBoundTo(V1PersistentVolume volume, V1PersistentVolumeClaim claim)
    {
        var reference = volume.Spec?.ClaimRef;
        if (reference is not null && reference.Uid == claim.Metadata.Uid && reference.Name == claim.Metadata.Name
            && reference.NamespaceProperty == claim.Metadata.NamespaceProperty)
        {
            return null;
        }
        var bound = ModelCopy.Clone(volume, ModelJsonContext.Default.V1PersistentVolume);
        bound.Spec.ClaimRef = new V1ObjectReference
        {
            ApiVersion = "v1",
            Kind = "PersistentVolumeClaim",
            NamespaceProperty = claim.Metadata.NamespaceProperty,
            Name = claim.Metadata.Name,
            Uid = claim.Metadata.Uid,
            ResourceVersion = claim.Metadata.ResourceVersion,
        };
        if (reference is null)
        {
            Annotate(bound.Metadata, StorageAnnotations.BoundByController);
        }
        return bound;
    }

    /// <summary>The claim naming the volume, with bind-completed (and bound-by-controller when the controller chose it): kube's bindClaimToVolume.</summary>
    public static V1PersistentVolumeClaim? ClaimBoundTo(V1PersistentVolumeClaim claim, V1PersistentVolume volume)
    {
        var chosen = string.IsNullOrEmpty(claim.Spec?.VolumeName);
        var annotations = claim.Metadata.Annotations;
        if (!chosen && claim.Spec!.VolumeName == volume.Metadata.Name && annotations?.ContainsKey(StorageAnnotations.BindCompleted) == true)
        {
            return null;
        }
        var bound = ModelCopy.Clone(claim, ModelJsonContext.Default.V1PersistentVolumeClaim);
        bound.Spec ??= new V1PersistentVolumeClaimSpec();
        bound.Spec.VolumeName = volume.Metadata.Name;
        if (chosen)
        {
            Annotate(bound.Metadata, StorageAnnotations.BoundByController);
        }
        Annotate(bound.Metadata, StorageAnnotations.BindCompleted);
        return bound;
    }

    /// <summary>The claim's status once bound: phase Bound with the volume's access modes and capacity.</summary>
    public static V1PersistentVolumeClaim? ClaimStatusBound(V1PersistentVolumeClaim claim, V1PersistentVolume volume)
    {
        var status = claim.Status;
        var modes = volume.Spec?.AccessModes ?? [];
        var capacity = volume.Spec?.Capacity;
        if (status?.Phase == "Bound" && (status.AccessModes ?? []).SequenceEqual(modes)
            && VolumeClaimMatcher.StorageOf(status.Capacity) == VolumeClaimMatcher.StorageOf(capacity) && status.Capacity?.Count == capacity?.Count)
        {
            return null;
        }
        var bound = ModelCopy.Clone(claim, ModelJsonContext.Default.V1PersistentVolumeClaim);
        bound.Status ??= new V1PersistentVolumeClaimStatus();
        bound.Status.Phase = "Bound";
        bound.Status.AccessModes = [.. modes];
        bound.Status.Capacity = capacity is null ? null : new Dictionary<string, ResourceQuantity>(capacity);
        return bound;
    }

    /// <summary>The volume with its claimRef and bound-by-controller removed (kube's unbindVolume of a controller binding).</summary>
    public static V1PersistentVolume Unbound(V1PersistentVolume volume)
    {
        var unbound = ModelCopy.Clone(volume, ModelJsonContext.Default.V1PersistentVolume);
        unbound.Spec.ClaimRef = null;
        unbound.Metadata.Annotations?.Remove(StorageAnnotations.BoundByController);
        return unbound;
    }

    /// <summary>The volume in <paramref name="phase"/> (with the transition time), or null when it is there already.</summary>
    public static V1PersistentVolume? InPhase(V1PersistentVolume volume, string phase, DateTime now, string? message = null)
    {
        if (volume.Status?.Phase == phase)
        {
            return null;
        }
        var changed = ModelCopy.Clone(volume, ModelJsonContext.Default.V1PersistentVolume);
        changed.Status ??= new V1PersistentVolumeStatus();
        changed.Status.Phase = phase;
        changed.Status.Message = message;
        changed.Status.Reason = null;
        changed.Status.LastPhaseTransitionTime = now;
        return changed;
    }

    /// <summary>The claim in <paramref name="phase"/> (kube writes Lost when its volume is gone), or null when it is there already.</summary>
    public static V1PersistentVolumeClaim? ClaimInPhase(V1PersistentVolumeClaim claim, string phase)
    {
        if (claim.Status?.Phase == phase)
        {
            return null;
        }
        var changed = ModelCopy.Clone(claim, ModelJsonContext.Default.V1PersistentVolumeClaim);
        changed.Status ??= new V1PersistentVolumeClaimStatus();
        changed.Status.Phase = phase;
        return changed;
    }

    private static void Annotate(V1ObjectMeta metadata, string annotation)
    {
        metadata.Annotations ??= new Dictionary<string, string>();
        metadata.Annotations[annotation] = StorageAnnotations.Yes;
    }
}
