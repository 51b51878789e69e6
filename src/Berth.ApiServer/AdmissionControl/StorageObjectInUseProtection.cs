using Berth.ApiServer.Objects;
using Berth.ApiServer.Registry;
using Berth.Client.Storage;

namespace Berth.ApiServer.AdmissionControl;

/// <summary>
/// kube's StorageObjectInUseProtection admission plugin: every new PersistentVolumeClaim gets the
/// kubernetes.io/pvc-protection finalizer and every new PersistentVolume kubernetes.io/pv-protection,
/// so a claim a pod still uses, or a volume still bound, outlives its deletion until the protection
/// controllers let it go.
/// </summary>
public sealed class StorageObjectInUseProtection : IMutatingAdmissionPlugin
{
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation == AdmissionOperation.Create && request.Resource.Group == "" && request.Target == UpdateTarget.Main
            && FinalizerFor(request.Resource.Name) is { } finalizer)
        {
            var finalizers = ObjectMetadata.Finalizers(request.Object);
            if (!finalizers.Contains(finalizer))
            {
                ObjectMetadata.SetFinalizers(request.Object, [.. finalizers, finalizer]);
            }
        }
        return ValueTask.CompletedTask;
    }

    private static string? FinalizerFor(string resource) => resource switch
    {
        "persistentvolumeclaims" => StorageFinalizers.ClaimProtection,
        "persistentvolumes" => StorageFinalizers.VolumeProtection,
        _ => null,
    };
}
