using k8s.Models;

namespace Berth.Controllers.GarbageCollector;

/// <summary>
/// Where an object is, as an ownerReference names it (apiVersion, kind, name, uid) plus its
/// namespace (null when cluster-scoped): kube's garbage collector objectReference.
/// </summary>
public sealed record ObjectIdentity(string ApiVersion, string Kind, string? Namespace, string Name, string Uid)
{
    /// <summary>The owner an ownerReference names, assumed in the dependent's namespace until its scope is known.</summary>
    public static ObjectIdentity OfOwner(V1OwnerReference owner, string? dependentNamespace) =>
        new(owner.ApiVersion, owner.Kind, dependentNamespace, owner.Name, owner.Uid);

    /// <summary>Whether the reference names these coordinates (its namespace is not part of a reference).</summary>
    public bool Matches(V1OwnerReference reference) =>
        reference.Uid == Uid && reference.ApiVersion == ApiVersion && reference.Kind == Kind && reference.Name == Name;

    public ObjectIdentity WithoutNamespace() => this with { Namespace = null };

    public override string ToString() => $"[{ApiVersion}/{Kind}, namespace: {Namespace}, name: {Name}, uid: {Uid}]";
}
