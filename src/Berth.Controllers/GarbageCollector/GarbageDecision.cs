using k8s.Models;

namespace Berth.Controllers.GarbageCollector;

/// <summary>
/// Whether an object with owners is garbage, and how it goes (kube's attemptToDeleteItem, pure):
/// any solid owner keeps it (references to absent or foreground-deleting owners are dropped);
/// an owner deleting in the foreground deletes it in the foreground too when it has dependents of
/// its own, so the owner waits for the whole subtree; otherwise it goes with the propagation its
/// own finalizers ask for (orphan, foreground), else in the background.
/// </summary>
public static class GarbageDecision
{
    public static GarbageAction Decide(
        IReadOnlyList<(V1OwnerReference Reference, OwnerState State)> owners, IReadOnlyList<DependentView> dependents, IList<string>? finalizers)
    {
        var solid = owners.Where(o => o.State == OwnerState.Solid).ToList();
        var notSolid = owners.Where(o => o.State != OwnerState.Solid).Select(o => o.Reference.Uid).ToList();
        if (solid.Count > 0)
        {
            return notSolid.Count == 0 ? new GarbageAction.Keep() : new GarbageAction.RemoveOwnerReferences(notSolid);
        }
        if (owners.Any(o => o.State == OwnerState.WaitingForDependentsDeletion) && dependents.Count > 0)
        {
            return new GarbageAction.Delete("Foreground", UnblockFirst: dependents.Any(d => d.DeletingDependents));
        }
        var policy = finalizers?.Contains(OwnerGraph.OrphanFinalizer) == true ? "Orphan"
            : finalizers?.Contains(OwnerGraph.ForegroundFinalizer) == true ? "Foreground"
            : "Background";
        return new GarbageAction.Delete(policy);
    }
}
