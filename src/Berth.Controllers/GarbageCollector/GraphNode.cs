using k8s.Models;

namespace Berth.Controllers.GarbageCollector;

/// <summary>
/// One object in the <see cref="OwnerGraph"/>: its owners as its ownerReferences name them and
/// the uids of its dependents. A node made for an owner no informer has shown yet is virtual
/// (not <see cref="Observed"/>) until one does, or until the API says it does not exist.
/// Changed only under the graph's lock.
/// </summary>
internal sealed class GraphNode(ObjectIdentity identity, bool observed)
{
    public ObjectIdentity Identity { get; set; } = identity;

    public bool Observed { get; set; } = observed;

    public IReadOnlyList<V1OwnerReference> Owners { get; set; } = [];

    public HashSet<string> Dependents { get; } = new(StringComparer.Ordinal);

    /// <summary>Its deletion has started (a one-way trip: it is never unset).</summary>
    public bool BeingDeleted { get; set; }

    /// <summary>Deleting in the foreground: it waits for its blocking dependents to be gone.</summary>
    public bool DeletingDependents { get; set; }
}
