namespace Berth.Client.Storage;

/// <summary>The finalizers that keep claims and volumes while they are in use or not yet cleaned up.</summary>
public static class StorageFinalizers
{
    /// <summary>On every claim (kube's StorageObjectInUseProtection): kept while an unfinished pod uses it.</summary>
    public const string ClaimProtection = "kubernetes.io/pvc-protection";

    /// <summary>On every volume: kept while it is Bound.</summary>
    public const string VolumeProtection = "kubernetes.io/pv-protection";

    /// <summary>On a provisioned volume (the external provisioner's): kept until its storage is removed.</summary>
    public const string Provisioner = "external-provisioner.volume.kubernetes.io/finalizer";
}
