using k8s;
using k8s.Models;

namespace Berth.Controllers.Machinery;

/// <summary>Controller ownerReferences (the one owner with controller=true).</summary>
public static class ControllerRefs
{
    public static V1OwnerReference? Of(V1ObjectMeta meta) => meta.OwnerReferences?.FirstOrDefault(r => r.Controller == true);

    public static bool IsControlledBy(V1ObjectMeta meta, V1ObjectMeta owner) => Of(meta)?.Uid == owner.Uid;

    /// <summary>The reference a controller puts on what it creates: controller=true, blockOwnerDeletion=true.</summary>
    public static V1OwnerReference To(string apiVersion, string kind, V1ObjectMeta owner) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Name,
        Uid = owner.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>The namespace/name key of the controller of an object, when it is of this kind.</summary>
    public static string? OwnerKey(IKubernetesObject<V1ObjectMeta> obj, string kind) =>
        Of(obj.Metadata) is { } owner && owner.Kind == kind ? Client.Informers.ObjectKey.Of(obj.Metadata.NamespaceProperty, owner.Name) : null;
}
