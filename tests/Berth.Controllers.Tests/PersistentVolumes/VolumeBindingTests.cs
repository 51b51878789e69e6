using Berth.Client.Storage;
using Berth.Controllers.PersistentVolumes;
using k8s.Models;

namespace Berth.Controllers.Tests.PersistentVolumes;

public sealed class VolumeBindingTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 22, 0, 0, DateTimeKind.Utc);

    private static V1PersistentVolumeClaim Claim(string? volumeName = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "data", NamespaceProperty = "ns", Uid = "claim-uid", ResourceVersion = "7" },
        Spec = new V1PersistentVolumeClaimSpec { VolumeName = volumeName, AccessModes = ["ReadWriteOnce"] },
        Status = new V1PersistentVolumeClaimStatus { Phase = "Pending" },
    };

    private static V1PersistentVolume Volume(V1ObjectReference? claimRef = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "pv1" },
        Spec = new V1PersistentVolumeSpec
        {
            AccessModes = ["ReadWriteOnce", "ReadOnlyMany"],
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("2Gi") },
            ClaimRef = claimRef,
        },
        Status = new V1PersistentVolumeStatus { Phase = "Available" },
    };

    [Fact]
    public void AVolumeTheControllerChoosesIsMarkedBoundByController()
    {
        var bound = VolumeBinding.VolumeBoundTo(Volume(), Claim())!;

        Assert.Equal(("ns", "data", "claim-uid", "PersistentVolumeClaim"), (bound.Spec.ClaimRef.NamespaceProperty, bound.Spec.ClaimRef.Name, bound.Spec.ClaimRef.Uid, bound.Spec.ClaimRef.Kind));
        Assert.Equal(StorageAnnotations.Yes, bound.Metadata.Annotations[StorageAnnotations.BoundByController]);
    }

    [Fact]
    public void AUserPreBindingGetsTheUid_ButNoBoundByController()
    {
        var bound = VolumeBinding.VolumeBoundTo(Volume(new V1ObjectReference { Name = "data", NamespaceProperty = "ns" }), Claim())!;

        Assert.Equal("claim-uid", bound.Spec.ClaimRef.Uid);
        Assert.Null(bound.Metadata.Annotations);
        Assert.Null(VolumeBinding.VolumeBoundTo(bound, Claim()));
    }

    [Fact]
    public void TheClaimNamesTheVolume_CompletedAndBoundByControllerWhenItNamedNone()
    {
        var chosen = VolumeBinding.ClaimBoundTo(Claim(), Volume())!;
        Assert.Equal("pv1", chosen.Spec.VolumeName);
        Assert.Equal(StorageAnnotations.Yes, chosen.Metadata.Annotations[StorageAnnotations.BindCompleted]);
        Assert.Equal(StorageAnnotations.Yes, chosen.Metadata.Annotations[StorageAnnotations.BoundByController]);

        var named = VolumeBinding.ClaimBoundTo(Claim("pv1"), Volume())!;
        Assert.False(named.Metadata.Annotations.ContainsKey(StorageAnnotations.BoundByController));
        Assert.Null(VolumeBinding.ClaimBoundTo(named, Volume()));
    }

    [Fact]
    public void ABoundClaimsStatusCarriesTheVolumesModesAndCapacity()
    {
        var bound = VolumeBinding.ClaimStatusBound(Claim("pv1"), Volume())!;

        Assert.Equal("Bound", bound.Status.Phase);
        Assert.Equal(["ReadWriteOnce", "ReadOnlyMany"], bound.Status.AccessModes);
        Assert.Equal("2Gi", bound.Status.Capacity["storage"].ToString());
        Assert.Null(VolumeBinding.ClaimStatusBound(bound, Volume()));
    }

    [Fact]
    public void PhasesAreWrittenOnlyWhenTheyChange_WithTheTransitionTime()
    {
        Assert.Null(VolumeBinding.InPhase(Volume(), "Available", Now));
        var released = VolumeBinding.InPhase(Volume(), "Released", Now)!;
        Assert.Equal(("Released", Now), (released.Status.Phase, released.Status.LastPhaseTransitionTime));
    }

    [Fact]
    public void UnbindingRemovesTheClaimRefAndTheControllersMark()
    {
        var bound = VolumeBinding.VolumeBoundTo(Volume(), Claim())!;

        var unbound = VolumeBinding.Unbound(bound);

        Assert.Null(unbound.Spec.ClaimRef);
        Assert.False(unbound.Metadata.Annotations.ContainsKey(StorageAnnotations.BoundByController));
    }
}
