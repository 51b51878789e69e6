using k8s.Models;

namespace Berth.Controllers.GarbageCollector;

/// <summary>A snapshot of one graph node and its dependents, for a worker to act on outside the graph's lock.</summary>
public sealed record NodeView(
    ObjectIdentity Identity,
    bool Observed,
    bool BeingDeleted,
    bool DeletingDependents,
    IReadOnlyList<V1OwnerReference> Owners,
    IReadOnlyList<DependentView> Dependents)
{
    /// <summary>The dependents whose reference to this node has blockOwnerDeletion: a foreground deletion waits for them.</summary>
    public IEnumerable<DependentView> BlockingDependents => Dependents.Where(d => d.BlocksOwnerDeletion);
}
