using k8s.Models;

namespace Berth.Client.Storage;

/// <summary>The annotations kube's PV controller, scheduler and provisioners share on claims and volumes.</summary>
public static class StorageAnnotations
{
    /// <summary>On a claim: the controller finished binding it (kube's pv.kubernetes.io/bind-completed).</summary>
    public const string BindCompleted = "pv.kubernetes.io/bind-completed";

    /// <summary>On a claim or volume: the binding was made by the controller (or scheduler), not by the user.</summary>
    public const string BoundByController = "pv.kubernetes.io/bound-by-controller";

    /// <summary>On a volume: the provisioner that made it, which also deletes it.</summary>
    public const string ProvisionedBy = "pv.kubernetes.io/provisioned-by";

    /// <summary>On a WaitForFirstConsumer claim: the node the scheduler chose for its first pod.</summary>
    public const string SelectedNode = "volume.kubernetes.io/selected-node";

    /// <summary>On a claim: the provisioner asked to make its volume (set by the PV controller).</summary>
    public const string StorageProvisioner = "volume.kubernetes.io/storage-provisioner";

    /// <summary>The beta spelling of <see cref="StorageProvisioner"/>, which older provisioners read.</summary>
    public const string BetaStorageProvisioner = "volume.beta.kubernetes.io/storage-provisioner";

    /// <summary>On a StorageClass: the class claims without storageClassName get.</summary>
    public const string IsDefaultClass = "storageclass.kubernetes.io/is-default-class";

    public const string Yes = "yes";

    /// <summary>The object's annotation, or null when it has none of that name.</summary>
    public static string? Get(V1ObjectMeta metadata, string annotation) =>
        metadata.Annotations is { } annotations && annotations.TryGetValue(annotation, out var value) ? value : null;
}
