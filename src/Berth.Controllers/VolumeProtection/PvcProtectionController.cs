using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Storage;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.VolumeProtection;

/// <summary>
/// kube's pvc-protection-controller: every claim carries kubernetes.io/pvc-protection, and a deleted claim loses it
/// (and so disappears) only once no unfinished pod of its namespace uses it. The informer's view is confirmed by a
/// live list before the finalizer goes, since a pod created a moment ago may not have reached the cache yet.
/// </summary>
public sealed class PvcProtectionController : IController
{
    private readonly Informer<V1PersistentVolumeClaim> _claims;
    private readonly Informer<V1Pod> _pods;
    private readonly ResourceClient<V1PersistentVolumeClaim, V1PersistentVolumeClaimList> _claimClient;
    private readonly ResourceClient<V1Pod, V1PodList> _podClient;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;

    public PvcProtectionController(ControllerContext context)
    {
        _claims = context.Informers.For(KubeResources.PersistentVolumeClaims);
        _pods = context.Informers.For(KubeResources.Pods);
        _claimClient = context.Client.For(KubeResources.PersistentVolumeClaims);
        _podClient = context.Client.For(KubeResources.Pods);
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<PvcProtectionController>());
        _claims.AddHandler(new InformerHandler<V1PersistentVolumeClaim>(claim => _queue.Add(ObjectKey.Of(claim))));
        // A pod that stops using a claim (finished, deleted, replaced) may release a claim being deleted.
        _pods.AddHandler(new InformerHandler<V1Pod>(OnPod, deleted: OnPod));
    }

    public string Name => "pvc-protection-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(2, cancellationToken);

    private void OnPod(V1Pod pod)
    {
        foreach (var claim in PodClaims.Of(pod))
        {
            _queue.Add(ObjectKey.Of(pod.Metadata.NamespaceProperty, claim));
        }
    }

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_claims.Cache.Get(key) is not { } claim)
        {
            return;
        }
        var metadata = claim.Metadata;
        if (ProtectionFinalizer.Claim.IsMissing(metadata))
        {
            await PatchAsync(metadata, ProtectionFinalizer.Claim.AddPatch(metadata), cancellationToken);
        }
        else if (metadata.DeletionTimestamp is not null && ProtectionFinalizer.Claim.IsOn(metadata) && !await InUseAsync(metadata, cancellationToken))
        {
            await PatchAsync(metadata, ProtectionFinalizer.Claim.RemovePatch(metadata), cancellationToken);
        }
    }

    private async Task<bool> InUseAsync(V1ObjectMeta claim, CancellationToken cancellationToken) =>
        _pods.Cache.InNamespace(claim.NamespaceProperty).Any(p => ClaimUsers.Uses(p, claim.Name))
        || (await _podClient.ListAsync(claim.NamespaceProperty, null, cancellationToken)).Items.Any(p => ClaimUsers.Uses(p, claim.Name));

    private async Task PatchAsync(V1ObjectMeta claim, string patch, CancellationToken cancellationToken)
    {
        try
        {
            await _claimClient.PatchAsync(claim.NamespaceProperty, claim.Name, PatchType.Json, patch, cancellationToken);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }
}
