using Berth.Client.Storage;
using k8s.Models;

namespace Berth.Agent.Storage;

/// <summary>
/// The shape of a local-path volume (pure): its name (kube's pvc-UID), its directory under the
/// node's storage directory (k3s' pvc-UID_NAMESPACE_NAME), and the PersistentVolume that points
/// there with node affinity to the node, claimRef on the claim and the class's reclaim policy.
/// </summary>
public static class LocalPathVolumes
{
    /// <summary>On a local-path volume: the node whose directory holds it (k3s' annotation).</summary>
    public const string NodeAnnotation = "local.path.provisioner/selected-node";

    public const string DirectoryPrefix = "pvc-";

    public static string VolumeName(V1PersistentVolumeClaim claim) => DirectoryPrefix + claim.Metadata.Uid;

    public static string DirectoryName(V1PersistentVolumeClaim claim) =>
        $"{VolumeName(claim)}_{claim.Metadata.NamespaceProperty}_{claim.Metadata.Name}";

    public static V1PersistentVolume Volume(V1PersistentVolumeClaim claim, V1StorageClass storageClass, string node, string path) => new()
    {
        ApiVersion = "v1",
        Kind = "PersistentVolume",
        Metadata = new V1ObjectMeta
        {
            Name = VolumeName(claim),
            Finalizers = [StorageFinalizers.Provisioner],
            Annotations = new Dictionary<string, string>
            {
                [StorageAnnotations.ProvisionedBy] = LocalPathStorage.Provisioner,
                [NodeAnnotation] = node,
            },
        },
        Spec = new V1PersistentVolumeSpec
        {
            Capacity = new Dictionary<string, ResourceQuantity>
            {
                ["storage"] = claim.Spec?.Resources?.Requests is { } requests && requests.TryGetValue("storage", out var size) ? size : new ResourceQuantity("0"),
            },
            AccessModes = [.. claim.Spec?.AccessModes ?? []],
            PersistentVolumeReclaimPolicy = storageClass.ReclaimPolicy ?? "Delete",
            StorageClassName = storageClass.Metadata.Name,
            VolumeMode = claim.Spec?.VolumeMode ?? "Filesystem",
            MountOptions = storageClass.MountOptions is { Count: > 0 } options ? [.. options] : null,
            ClaimRef = new V1ObjectReference
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                NamespaceProperty = claim.Metadata.NamespaceProperty,
                Name = claim.Metadata.Name,
                Uid = claim.Metadata.Uid,
                ResourceVersion = claim.Metadata.ResourceVersion,
            },
            HostPath = new V1HostPathVolumeSource { Path = path, Type = "DirectoryOrCreate" },
            NodeAffinity = new V1VolumeNodeAffinity
            {
                Required = new V1NodeSelector
                {
                    NodeSelectorTerms =
                    [
                        new V1NodeSelectorTerm
                        {
                            MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = [node] }],
                        },
                    ],
                },
            },
        },
    };

    /// <summary>Whether the volume is a local-path volume on <paramref name="node"/>.</summary>
    public static bool IsOnNode(V1PersistentVolume volume, string node) =>
        StorageAnnotations.Get(volume.Metadata, StorageAnnotations.ProvisionedBy) == LocalPathStorage.Provisioner
        && StorageAnnotations.Get(volume.Metadata, NodeAnnotation) == node;

    /// <summary>
    /// The directory of a local-path volume to remove, only when it is a pvc-* directory right under
    /// <paramref name="storageDirectory"/>: a volume object edited to point elsewhere never deletes anything else.
    /// </summary>
    public static string? RemovableDirectory(V1PersistentVolume volume, string storageDirectory)
    {
        if (volume.Spec?.HostPath?.Path is not { } path)
        {
            return null;
        }
        var full = Path.GetFullPath(path);
        return Path.GetDirectoryName(full) == Path.GetFullPath(storageDirectory).TrimEnd('/')
            && Path.GetFileName(full).StartsWith(DirectoryPrefix, StringComparison.Ordinal)
            ? full
            : null;
    }
}
