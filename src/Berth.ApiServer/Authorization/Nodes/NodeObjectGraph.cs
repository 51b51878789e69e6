using System.Text.Json.Nodes;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Validation;
using Berth.ApiServer.Watch;

namespace Berth.ApiServer.Authorization.Nodes;

/// <summary>The kinds of object a node reaches only through the pods bound to it.</summary>
public enum NodeObjectKind
{
    Secret,
    ConfigMap,
    PersistentVolumeClaim,
    PersistentVolume,
    ServiceAccount,
}

/// <summary>
/// Whether a node needs an object (kube's node graph: node ← pod → secret, configmap, serviceaccount,
/// claim → volume → secret). Kube keeps the graph from informers; this walks the same edges in the
/// watch cache when asked, so the answer is exactly as fresh as the cache, and a pod bound or deleted
/// changes it at once. A namespaced question reads only that namespace's pods.
/// </summary>
public sealed class NodeObjectGraph(WatchCache cache, ResourceRegistry registry)
{
    /// <summary>The CSI secret references of a PersistentVolume (kube's VisitPVSecretNames, CSI part).</summary>
    private static readonly string[] CsiSecretRefs = ["nodePublishSecretRef", "nodeStageSecretRef", "nodeExpandSecretRef", "controllerPublishSecretRef"];

    private readonly ResourceDefinition _pods = registry.Find("", "v1", "pods")!;
    private readonly ResourceDefinition _claims = registry.Find("", "v1", "persistentvolumeclaims")!;
    private readonly ResourceDefinition _volumes = registry.Find("", "v1", "persistentvolumes")!;

    public bool HasPath(string node, NodeObjectKind kind, string ns, string name) => kind switch
    {
        NodeObjectKind.Secret => PodsOn(node, ns).Any(p => p.References.Secrets.Contains(name)) || VolumeSecretsOn(node).Contains((ns, name)),
        NodeObjectKind.ConfigMap => PodsOn(node, ns).Any(p => p.References.ConfigMaps.Contains(name)),
        NodeObjectKind.PersistentVolumeClaim => PodsOn(node, ns).Any(p => p.References.Claims.Contains(name)),
        NodeObjectKind.ServiceAccount => PodsOn(node, ns).Any(p => p.References.ServiceAccount == name),
        NodeObjectKind.PersistentVolume => VolumesOn(node).Contains(name),
        _ => false,
    };

    /// <summary>The pods of <paramref name="ns"/> ("" = every namespace) bound to the node, with what each references.</summary>
    private IEnumerable<(string Namespace, PodReferences References)> PodsOn(string node, string ns) =>
        cache.List(_pods.CollectionPrefix(ns)).Items
            .Select(item => ObjectCodec.ParseObject(item.Json))
            .Where(pod => pod.Str("spec", "nodeName") == node)
            .Select(pod => (ObjectMetadata.Namespace(pod) ?? "", PodReferences.Of(pod)));

    /// <summary>The PersistentVolumes bound to the claims of the node's pods.</summary>
    private HashSet<string> VolumesOn(string node) =>
    [
        .. PodsOn(node, "").SelectMany(p => p.References.Claims.Select(claim => cache.Get(_claims.StorageKey(p.Namespace, claim))))
            .Select(item => item is null ? null : ObjectCodec.ParseObject(item.Json).Str("spec", "volumeName"))
            .OfType<string>(),
    ];

    private HashSet<(string Namespace, string Name)> VolumeSecretsOn(string node) =>
    [
        .. VolumesOn(node).Select(name => cache.Get(_volumes.StorageKey(null, name))).OfType<CachedObject>()
            .Select(item => ObjectCodec.ParseObject(item.Json))
            .SelectMany(volume => CsiSecretRefs.Select(reference => volume.At("spec", "csi", reference)))
            .Where(reference => reference.Str("name") is { Length: > 0 } && reference.Str("namespace") is { Length: > 0 })
            .Select(reference => (reference.Str("namespace")!, reference.Str("name")!)),
    ];
}
