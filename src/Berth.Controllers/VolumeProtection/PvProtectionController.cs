using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.VolumeProtection;

/// <summary>
/// kube's pv-protection-controller: every PersistentVolume carries kubernetes.io/pv-protection, and a deleted volume
/// loses it (and so disappears) only once it is no longer Bound to a claim.
/// </summary>
public sealed class PvProtectionController : IController
{
    private readonly Informer<V1PersistentVolume> _volumes;
    private readonly ResourceClient<V1PersistentVolume, V1PersistentVolumeList> _client;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;

    public PvProtectionController(ControllerContext context)
    {
        _volumes = context.Informers.For(KubeResources.PersistentVolumes);
        _client = context.Client.For(KubeResources.PersistentVolumes);
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<PvProtectionController>());
        _volumes.AddHandler(new InformerHandler<V1PersistentVolume>(volume => _queue.Add(volume.Metadata.Name)));
    }

    public string Name => "pv-protection-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(1, cancellationToken);

    private async Task SyncAsync(string name, CancellationToken cancellationToken)
    {
        if (_volumes.Cache.Get(name) is not { } volume)
        {
            return;
        }
        var metadata = volume.Metadata;
        var patch = ProtectionFinalizer.Volume.IsMissing(metadata) ? ProtectionFinalizer.Volume.AddPatch(metadata)
            : metadata.DeletionTimestamp is not null && ProtectionFinalizer.Volume.IsOn(metadata) && volume.Status?.Phase != "Bound" ? ProtectionFinalizer.Volume.RemovePatch(metadata)
            : null;
        if (patch is null)
        {
            return;
        }
        try
        {
            await _client.PatchAsync(null, name, PatchType.Json, patch, cancellationToken);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }
}
