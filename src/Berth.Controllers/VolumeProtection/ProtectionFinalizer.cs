using Berth.Client.Rest;
using Berth.Client.Storage;
using k8s.Models;

namespace Berth.Controllers.VolumeProtection;

/// <summary>One storage protection finalizer: kubernetes.io/pvc-protection or kubernetes.io/pv-protection.</summary>
public sealed class ProtectionFinalizer(string name)
{
    public static ProtectionFinalizer Claim { get; } = new(StorageFinalizers.ClaimProtection);

    public static ProtectionFinalizer Volume { get; } = new(StorageFinalizers.VolumeProtection);

    public bool IsOn(V1ObjectMeta metadata) => metadata.Finalizers?.Contains(name) == true;

    /// <summary>Whether the object needs the finalizer: it has none yet and is not being deleted.</summary>
    public bool IsMissing(V1ObjectMeta metadata) => metadata.DeletionTimestamp is null && !IsOn(metadata);

    public string AddPatch(V1ObjectMeta metadata) => FinalizerPatch.Add(metadata, name);

    public string RemovePatch(V1ObjectMeta metadata) => FinalizerPatch.Remove(metadata, name);
}
