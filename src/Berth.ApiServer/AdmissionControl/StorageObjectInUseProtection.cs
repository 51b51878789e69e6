using Berth.ApiServer.Objects;
using Berth.ApiServer.Registry;

namespace Berth.ApiServer.AdmissionControl;

/// <summary>
/// kube's StorageObjectInUseProtection admission plugin: every new PersistentVolumeClaim gets the
/// kubernetes.io/pvc-protection finalizer and every new PersistentVolume kubernetes.io/pv-protection,
/// so a claim a pod still uses, or a volume still bound, outlives its deletion until the protection
/// controllers let it go.
/// </summary>
public sealed class StorageObjectInUseProtection : IMutatingAdmissionPlugin
{
    public const string ClaimFinalizer = "kubernetes.io/pvc-protection";
    public const string VolumeFinalizer = "kubernetes.io/pv-protection";

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
        "persistentvolumeclaims" => ClaimFinalizer,
        "persistentvolumes" => VolumeFinalizer,
        _ => null,
    };
}
