using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Storage;
using Berth.Engine.Linux;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Storage;

/// <summary>
/// This node's half of the built-in local-path storage (k3s' local-path-provisioner, run by the
/// agent that owns the disk): a claim the PV controller handed to <see cref="LocalPathStorage.Provisioner"/>
/// whose first pod was scheduled here (volume.kubernetes.io/selected-node) gets a directory under
/// DATA/storage and a PersistentVolume pointing at it (<see cref="LocalPathVolumes"/>), which the PV
/// controller then binds; a Released volume of this node with reclaimPolicy Delete has its directory
/// removed, then the volume object. Events follow kube's external-provisioner.
/// </summary>
public sealed partial class LocalPathProvisioner : IDisposable
{
    private const uint SharedDirectoryMode = 0x1FF; // 0777, as local-path-provisioner: pods of any user write there.
    private const string ClaimPrefix = "claim:";
    private const string VolumePrefix = "volume:";

    private readonly string _node;
    private readonly string _storageDirectory;
    private readonly Informer<V1PersistentVolumeClaim> _claims;
    private readonly Informer<V1PersistentVolume> _volumes;
    private readonly Informer<V1StorageClass> _classes;
    private readonly ResourceClient<V1PersistentVolume, V1PersistentVolumeList> _volumeClient;
    private readonly EventRecorder _recorder;
    private readonly WorkQueue<string> _queue;
    private readonly ILogger _logger;

    public LocalPathProvisioner(InformerFactory informers, EventRecorder recorder, string node, string storageDirectory, TimeProvider time, ILogger<LocalPathProvisioner> logger)
    {
        _node = node;
        _storageDirectory = storageDirectory;
        _claims = informers.For(KubeResources.PersistentVolumeClaims);
        _volumes = informers.For(KubeResources.PersistentVolumes);
        _classes = informers.For(KubeResources.StorageClasses);
        _volumeClient = informers.Client.For(KubeResources.PersistentVolumes);
        _recorder = recorder;
        _queue = WorkQueue<string>.ForController(time);
        _logger = logger;
        _claims.AddHandler(new InformerHandler<V1PersistentVolumeClaim>(claim =>
        {
            if (WantsVolumeHere(claim))
            {
                _queue.Add(ClaimPrefix + ObjectKey.Of(claim));
            }
        }));
        _volumes.AddHandler(new InformerHandler<V1PersistentVolume>(volume =>
        {
            if (LocalPathVolumes.IsOnNode(volume, _node))
            {
                _queue.Add(VolumePrefix + volume.Metadata.Name);
            }
        }));
    }

    /// <summary>Where this node keeps local-path volumes: DATA/storage.</summary>
    public static string StorageDirectoryOf(string dataDirectory) => Path.Combine(dataDirectory, "storage");

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var shutdown = cancellationToken.Register(_queue.ShutDown);
        while (await _queue.TakeAsync(CancellationToken.None) is { } key)
        {
            try
            {
                await (key.StartsWith(ClaimPrefix, StringComparison.Ordinal)
                    ? ProvisionAsync(key[ClaimPrefix.Length..], cancellationToken)
                    : DeleteAsync(key[VolumePrefix.Length..], cancellationToken));
                _queue.Forget(key);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogSyncFailed(key, e);
                _queue.AddRateLimited(key);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                _queue.Done(key);
            }
        }
    }

    private bool WantsVolumeHere(V1PersistentVolumeClaim claim) =>
        string.IsNullOrEmpty(claim.Spec?.VolumeName) && claim.Metadata.DeletionTimestamp is null
        && StorageAnnotations.Get(claim.Metadata, StorageAnnotations.StorageProvisioner) == LocalPathStorage.Provisioner
        && StorageAnnotations.Get(claim.Metadata, StorageAnnotations.SelectedNode) == _node;

    private async Task ProvisionAsync(string key, CancellationToken cancellationToken)
    {
        if (_claims.Cache.Get(key) is not { } claim || !WantsVolumeHere(claim) || _volumes.Cache.Get(LocalPathVolumes.VolumeName(claim)) is not null)
        {
            return;
        }
        var className = claim.Spec?.StorageClassName ?? "";
        if (_classes.Cache.Get(className) is not { } storageClass)
        {
            _recorder.Warning(KubeResources.PersistentVolumeClaims, claim, "ProvisioningFailed", $"storageclass.storage.k8s.io \"{className}\" not found");
            return;
        }
        _recorder.Normal(KubeResources.PersistentVolumeClaims, claim, "Provisioning", $"External provisioner is provisioning volume for claim \"{key}\"");
        var path = Path.Combine(_storageDirectory, LocalPathVolumes.DirectoryName(claim));
        try
        {
            Directory.CreateDirectory(path);
            Posix.Chmod(path, SharedDirectoryMode);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _recorder.Warning(KubeResources.PersistentVolumeClaims, claim, "ProvisioningFailed",
                $"failed to provision volume with StorageClass \"{className}\": {e.Message}");
            throw;
        }
        try
        {
            await _volumeClient.CreateAsync(LocalPathVolumes.Volume(claim, storageClass, _node, path), cancellationToken);
        }
        catch (ApiStatusException exists) when (exists.IsAlreadyExists)
        {
            return;
        }
        _recorder.Normal(KubeResources.PersistentVolumeClaims, claim, "ProvisioningSucceeded", $"Successfully provisioned volume {LocalPathVolumes.VolumeName(claim)}");
    }

    /// <summary>
    /// The external provisioner's deleter: a Released Delete volume (deleted by a user already, or not) loses its directory,
    /// then its object: deleted, and let go by the provisioner's finalizer.
    /// </summary>
    private async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (_volumes.Cache.Get(name) is not { } volume || !LocalPathVolumes.IsOnNode(volume, _node)
            || volume.Status?.Phase != "Released" || volume.Spec?.PersistentVolumeReclaimPolicy != "Delete")
        {
            return;
        }
        if (LocalPathVolumes.RemovableDirectory(volume, _storageDirectory) is { } directory && Directory.Exists(directory))
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _recorder.Warning(KubeResources.PersistentVolumes, volume, "VolumeFailedDelete", e.Message);
                throw;
            }
        }
        try
        {
            if (volume.Metadata.DeletionTimestamp is null)
            {
                await _volumeClient.DeleteAsync(null, name, cancellationToken, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = volume.Metadata.Uid } });
            }
            if (volume.Metadata.Finalizers?.Contains(StorageFinalizers.Provisioner) == true)
            {
                await _volumeClient.PatchAsync(null, name, PatchType.Json, FinalizerPatch.Remove(volume.Metadata, StorageFinalizers.Provisioner), cancellationToken);
            }
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }

    public void Dispose() => _queue.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "local-path storage: {Key} failed")]
    private partial void LogSyncFailed(string key, Exception e);
}
