using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Storage;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.PersistentVolumes;

/// <summary>
/// kube's persistentvolume-binder controller for the common cases. A pending claim gets the
/// matching Available volume (<see cref="VolumeClaimMatcher"/>: pre-bound first, else the smallest
/// that fits) and both are marked bound (<see cref="VolumeBinding"/>); a WaitForFirstConsumer claim
/// waits for the scheduler's selected-node annotation (or a volume the scheduler pre-bound); a
/// claim of a class with a provisioner is handed to it (storage-provisioner annotations) and bound
/// once its volume appears. Volumes move Available → Bound → Released when their claim goes;
/// Released volumes with reclaimPolicy Delete made by a provisioner are left to it to delete,
/// Retain keeps them. Events carry kube's reasons and messages.
/// </summary>
public sealed class PersistentVolumeController : IController
{
    public const string Component = "persistentvolume-controller";
    public const string WaitingForConsumer = "waiting for first consumer to be created before binding";
    public const string NoVolumeNoClass = "no persistent volumes available for this claim and no storage class is set";

    private readonly Informer<V1PersistentVolume> _volumes;
    private readonly Informer<V1PersistentVolumeClaim> _claims;
    private readonly Informer<V1StorageClass> _classes;
    private readonly ResourceClient<V1PersistentVolume, V1PersistentVolumeList> _volumeClient;
    private readonly ResourceClient<V1PersistentVolumeClaim, V1PersistentVolumeClaimList> _claimClient;
    private readonly EventRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly WorkQueue<string> _claimQueue;
    private readonly WorkQueue<string> _volumeQueue;
    private readonly ReconcileLoop _claimLoop;
    private readonly ReconcileLoop _volumeLoop;

    public PersistentVolumeController(ControllerContext context)
    {
        _volumes = context.Informers.For(KubeResources.PersistentVolumes);
        _claims = context.Informers.For(KubeResources.PersistentVolumeClaims);
        _classes = context.Informers.For(KubeResources.StorageClasses);
        _volumeClient = context.Client.For(KubeResources.PersistentVolumes);
        _claimClient = context.Client.For(KubeResources.PersistentVolumeClaims);
        _recorder = context.Recorder(Component);
        _time = context.Time;
        _claimQueue = WorkQueue<string>.ForController(context.Time);
        _volumeQueue = WorkQueue<string>.ForController(context.Time);
        var logger = context.LoggerFactory.CreateLogger<PersistentVolumeController>();
        _claimLoop = new ReconcileLoop(Name, _claimQueue, SyncClaimAsync, logger);
        _volumeLoop = new ReconcileLoop(Name, _volumeQueue, SyncVolumeAsync, logger);
        _claims.AddHandler(new InformerHandler<V1PersistentVolumeClaim>(OnClaim, deleted: OnClaim));
        _volumes.AddHandler(new InformerHandler<V1PersistentVolume>(OnVolume, deleted: OnVolume));
        _classes.AddHandler(new InformerHandler<V1StorageClass>(_ =>
        {
            foreach (var claim in _claims.Cache.List().Where(c => string.IsNullOrEmpty(c.Spec?.VolumeName)))
            {
                _claimQueue.Add(ObjectKey.Of(claim));
            }
        }));
    }

    public string Name => Component;

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_claimLoop.RunAsync(2, cancellationToken), _volumeLoop.RunAsync(2, cancellationToken));

    private void OnClaim(V1PersistentVolumeClaim claim)
    {
        _claimQueue.Add(ObjectKey.Of(claim));
        if (!string.IsNullOrEmpty(claim.Spec?.VolumeName))
        {
            _volumeQueue.Add(claim.Spec.VolumeName);
        }
        // A new claim may be the one an Available volume was pre-bound to, or an unbound claim may wait for volumes.
        foreach (var volume in _volumes.Cache.List().Where(v => v.Spec?.ClaimRef is { } r && r.Name == claim.Metadata.Name && r.NamespaceProperty == claim.Metadata.NamespaceProperty))
        {
            _volumeQueue.Add(volume.Metadata.Name);
        }
    }

    private void OnVolume(V1PersistentVolume volume)
    {
        _volumeQueue.Add(volume.Metadata.Name);
        if (volume.Spec?.ClaimRef is { } reference)
        {
            _claimQueue.Add(ObjectKey.Of(reference.NamespaceProperty, reference.Name));
        }
        else
        {
            // A volume became available: claims waiting for one may bind now.
            foreach (var claim in _claims.Cache.List().Where(c => string.IsNullOrEmpty(c.Spec?.VolumeName)))
            {
                _claimQueue.Add(ObjectKey.Of(claim));
            }
        }
    }

    private async Task SyncClaimAsync(string key, CancellationToken cancellationToken)
    {
        if (_claims.Cache.Get(key) is not { } claim || claim.Metadata.DeletionTimestamp is not null && claim.Status?.Phase != "Bound")
        {
            return;
        }
        try
        {
            if (string.IsNullOrEmpty(claim.Spec?.VolumeName))
            {
                await SyncUnboundClaimAsync(claim, cancellationToken);
            }
            else
            {
                await SyncBoundClaimAsync(claim, claim.Spec.VolumeName, cancellationToken);
            }
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }

    /// <summary>kube's syncUnboundClaim: bind to a matching volume, or wait for the first consumer, or have a volume provisioned.</summary>
    private async Task SyncUnboundClaimAsync(V1PersistentVolumeClaim claim, CancellationToken cancellationToken)
    {
        var className = claim.Spec?.StorageClassName ?? "";
        var storageClass = className.Length == 0 ? null : _classes.Cache.Get(className);
        var delayBinding = storageClass?.VolumeBindingMode == "WaitForFirstConsumer";
        if (VolumeClaimMatcher.Find(claim, _volumes.Cache.List(), _ => true, delayBinding: delayBinding) is { } volume)
        {
            await BindAsync(volume, claim, cancellationToken);
            return;
        }
        var selectedNode = StorageAnnotations.Get(claim.Metadata, StorageAnnotations.SelectedNode);
        if (delayBinding && string.IsNullOrEmpty(selectedNode))
        {
            _recorder.Normal(KubeResources.PersistentVolumeClaims, claim, "WaitForFirstConsumer", WaitingForConsumer);
            return;
        }
        if (className.Length == 0)
        {
            _recorder.Normal(KubeResources.PersistentVolumeClaims, claim, "FailedBinding", NoVolumeNoClass);
            return;
        }
        if (storageClass is null)
        {
            _recorder.Warning(KubeResources.PersistentVolumeClaims, claim, "ProvisioningFailed", $"storageclass.storage.k8s.io \"{className}\" not found");
            return;
        }
        if (storageClass.Provisioner is "kubernetes.io/no-provisioner")
        {
            _recorder.Normal(KubeResources.PersistentVolumeClaims, claim, "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
            return;
        }
        await HandToProvisionerAsync(claim, storageClass.Provisioner, cancellationToken);
    }

    /// <summary>kube's provisionClaim for an external provisioner: the claim names it in its annotations, and the provisioner makes the volume.</summary>
    private async Task HandToProvisionerAsync(V1PersistentVolumeClaim claim, string provisioner, CancellationToken cancellationToken)
    {
        if (StorageAnnotations.Get(claim.Metadata, StorageAnnotations.StorageProvisioner) != provisioner
            || StorageAnnotations.Get(claim.Metadata, StorageAnnotations.BetaStorageProvisioner) != provisioner)
        {
            var patch = "{\"metadata\":{\"annotations\":{\"" + StorageAnnotations.StorageProvisioner + "\":\"" + provisioner + "\",\""
                + StorageAnnotations.BetaStorageProvisioner + "\":\"" + provisioner + "\"}}}";
            await _claimClient.PatchAsync(claim.Metadata.NamespaceProperty, claim.Metadata.Name, PatchType.Merge, patch, cancellationToken);
        }
        _recorder.Normal(KubeResources.PersistentVolumeClaims, claim, "ExternalProvisioning",
            $"Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.");
    }

    /// <summary>kube's syncBoundClaim: a claim naming a volume is completed, or marked Lost when the volume is gone.</summary>
    private async Task SyncBoundClaimAsync(V1PersistentVolumeClaim claim, string volumeName, CancellationToken cancellationToken)
    {
        if (_volumes.Cache.Get(volumeName) is not { } volume)
        {
            if (claim.Status?.Phase == "Bound" && VolumeBinding.ClaimInPhase(claim, "Lost") is { } lost)
            {
                await _claimClient.UpdateStatusAsync(lost, cancellationToken);
                _recorder.Warning(KubeResources.PersistentVolumeClaims, claim, "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
            }
            return;
        }
        var reference = volume.Spec?.ClaimRef;
        if (reference is null || VolumeClaimMatcher.IsPreBoundTo(volume, claim))
        {
            await BindAsync(volume, claim, cancellationToken);
            return;
        }
        if (claim.Metadata.Annotations?.ContainsKey(StorageAnnotations.BoundByController) == true)
        {
            _recorder.Warning(KubeResources.PersistentVolumeClaims, claim, "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly");
        }
        else
        {
            _recorder.Warning(KubeResources.PersistentVolumeClaims, claim, "FailedBinding", "volume \"" + volumeName + "\" already bound to a different claim.");
        }
    }

    /// <summary>kube's bind: the volume's claimRef and phase, then the claim's volumeName and status; each written only when it changes.</summary>
    private async Task BindAsync(V1PersistentVolume volume, V1PersistentVolumeClaim claim, CancellationToken cancellationToken)
    {
        if (VolumeBinding.VolumeBoundTo(volume, claim) is { } boundVolume)
        {
            volume = await _volumeClient.UpdateAsync(boundVolume, cancellationToken);
        }
        if (VolumeBinding.InPhase(volume, "Bound", _time.GetUtcNow().UtcDateTime) is { } phased)
        {
            volume = await _volumeClient.UpdateStatusAsync(phased, cancellationToken);
        }
        if (VolumeBinding.ClaimBoundTo(claim, volume) is { } boundClaim)
        {
            claim = await _claimClient.UpdateAsync(boundClaim, cancellationToken);
        }
        if (VolumeBinding.ClaimStatusBound(claim, volume) is { } claimStatus)
        {
            await _claimClient.UpdateStatusAsync(claimStatus, cancellationToken);
        }
    }

    /// <summary>kube's syncVolume: Available without a claim, Bound with its claim, Released (then reclaimed) once the claim is gone.</summary>
    private async Task SyncVolumeAsync(string name, CancellationToken cancellationToken)
    {
        // A deleted volume still held by a finalizer keeps its phase current: Released lets its protection go.
        if (_volumes.Cache.Get(name) is not { } volume)
        {
            return;
        }
        try
        {
            await SyncVolumeAsync(volume, cancellationToken);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }

    private async Task SyncVolumeAsync(V1PersistentVolume volume, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (volume.Spec?.ClaimRef is not { } reference)
        {
            await WritePhaseAsync(VolumeBinding.InPhase(volume, "Available", now), cancellationToken);
            return;
        }
        var claim = _claims.Cache.Get(reference.NamespaceProperty, reference.Name);
        if (claim is null && !string.IsNullOrEmpty(reference.Uid))
        {
            // The cache may not show a claim created a moment ago: only the API says it is gone.
            claim = await _claimClient.TryGetAsync(reference.NamespaceProperty, reference.Name, cancellationToken);
        }
        if (claim is not null && !string.IsNullOrEmpty(reference.Uid) && claim.Metadata.Uid != reference.Uid)
        {
            claim = null;
        }
        if (claim is null)
        {
            if (string.IsNullOrEmpty(reference.Uid))
            {
                // Pre-bound by a user to a claim that does not exist yet.
                await WritePhaseAsync(VolumeBinding.InPhase(volume, "Available", now), cancellationToken);
                return;
            }
            await ReclaimAsync(volume, now, cancellationToken);
            return;
        }
        var claimVolume = claim.Spec?.VolumeName;
        if (string.IsNullOrEmpty(claimVolume))
        {
            // The claim's sync completes the binding (a volume the scheduler or a provisioner pre-bound).
            _claimQueue.Add(ObjectKey.Of(claim));
            return;
        }
        if (claimVolume == volume.Metadata.Name)
        {
            await WritePhaseAsync(VolumeBinding.InPhase(volume, "Bound", now), cancellationToken);
            return;
        }
        if (volume.Metadata.Annotations?.ContainsKey(StorageAnnotations.BoundByController) == true)
        {
            // The claim went to another volume: a binding the controller made is undone.
            var unbound = await _volumeClient.UpdateAsync(VolumeBinding.Unbound(volume), cancellationToken);
            await WritePhaseAsync(VolumeBinding.InPhase(unbound, "Available", now), cancellationToken);
        }
    }

    /// <summary>kube's reclaimVolume on a Released volume: Retain keeps it; Delete leaves a provisioned volume to its provisioner.</summary>
    private async Task ReclaimAsync(V1PersistentVolume volume, DateTime now, CancellationToken cancellationToken)
    {
        if (volume.Status?.Phase == "Failed")
        {
            return;
        }
        await WritePhaseAsync(VolumeBinding.InPhase(volume, "Released", now), cancellationToken);
        var policy = volume.Spec?.PersistentVolumeReclaimPolicy ?? "Retain";
        if (policy == "Delete" && volume.Metadata.Annotations?.ContainsKey(StorageAnnotations.ProvisionedBy) != true)
        {
            _recorder.Warning(KubeResources.PersistentVolumes, volume, "VolumeFailedDelete",
                $"error getting deleter volume plugin for volume \"{volume.Metadata.Name}\": no deletable volume plugin matched");
        }
        else if (policy == "Recycle")
        {
            _recorder.Warning(KubeResources.PersistentVolumes, volume, "VolumeFailedRecycle", "Recycle policy is not supported: use Delete or Retain");
        }
    }

    private async Task WritePhaseAsync(V1PersistentVolume? changed, CancellationToken cancellationToken)
    {
        if (changed is not null)
        {
            await _volumeClient.UpdateStatusAsync(changed, cancellationToken);
        }
    }
}
