using Berth.Controllers.History;
using Berth.Controllers.Machinery;
using Berth.Controllers.Pods;
using k8s.Models;

namespace Berth.Controllers.DaemonSets;

/// <summary>
/// A DaemonSet's template history (kube's constructHistory and cleanupHistory): the current
/// revision restores the template the set has now (an equal older one is renumbered to the newest:
/// a rollback) and is named DS-HASH with the template hash in its controller-revision-hash label,
/// which the pods carry too. Revisions no pod uses are deleted oldest first beyond revisionHistoryLimit.
/// </summary>
public sealed class DaemonSetHistory(V1DaemonSet ds, ControllerHistory history)
{
    /// <param name="revisions">The set's revisions, oldest first.</param>
    /// <returns>The current revision, its hash and the collision count to report.</returns>
    public async Task<(V1ControllerRevision Current, string Hash, int CollisionCount)> CurrentAsync(
        IReadOnlyList<V1ControllerRevision> revisions, CancellationToken cancellationToken)
    {
        var data = RevisionPatch.For(ds.Spec.Template);
        var owner = ControllerRefs.To("apps/v1", DaemonSetController.Kind, ds.Metadata);
        var (current, collisionCount) = await history.SnapshotAsync(revisions, data, ds.Status?.CollisionCount ?? 0,
            (number, collisions) => ControllerHistory.NewRevision(owner, ds.Metadata, ds.Spec.Template, DaemonPods.RevisionLabel,
                TemplateHash.Compute(ds.Spec.Template, collisions), data, number),
            cancellationToken);
        return (current, Hash(current) ?? "", collisionCount);
    }

    public Task TruncateAsync(IReadOnlyList<V1ControllerRevision> revisions, IEnumerable<V1Pod> pods, V1ControllerRevision current, CancellationToken cancellationToken)
    {
        var live = pods.Select(p => HashOf(p.Metadata)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return history.TruncateAsync(revisions, r => r.Metadata.Name == current.Metadata.Name || (Hash(r) is { } hash && live.Contains(hash)),
            ds.Spec.RevisionHistoryLimit ?? 10, cancellationToken);
    }

    private static string? Hash(V1ControllerRevision revision) => HashOf(revision.Metadata);

    private static string? HashOf(V1ObjectMeta meta) => meta.Labels is { } labels && labels.TryGetValue(DaemonPods.RevisionLabel, out var hash) ? hash : null;
}
