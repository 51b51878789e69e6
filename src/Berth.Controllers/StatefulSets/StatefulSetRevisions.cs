using Berth.Client.Rest;
using Berth.Controllers.History;
using Berth.Controllers.Machinery;
using k8s.Models;

namespace Berth.Controllers.StatefulSets;

/// <summary>
/// A StatefulSet's template history (kube's getStatefulSetRevisions and truncateHistory): the
/// update revision is the one whose data restores the current template (made if none, renumbered
/// to the newest if an older one is equal: a rollback); the current revision is the one
/// status.currentRevision names, or the update revision for a new set. Revisions no pod, current or
/// update revision uses are deleted oldest first beyond revisionHistoryLimit.
/// </summary>
public sealed class StatefulSetRevisions(V1StatefulSet set, ControllerHistory history)
{
    /// <summary>The label holding a revision's hash (kube's history.ControllerRevisionHashLabel).</summary>
    public const string HashLabel = "controller.kubernetes.io/hash";

    /// <param name="revisions">The set's revisions, oldest first.</param>
    public async Task<(V1ControllerRevision Current, V1ControllerRevision Update, int CollisionCount)> ResolveAsync(
        IReadOnlyList<V1ControllerRevision> revisions, CancellationToken cancellationToken)
    {
        var data = RevisionPatch.For(set.Spec.Template);
        var owner = ControllerRefs.To("apps/v1", StatefulSetController.Kind, set.Metadata);
        var (update, collisionCount) = await history.SnapshotAsync(revisions, data, set.Status?.CollisionCount ?? 0,
            (number, collisions) => ControllerHistory.NewRevision(owner, set.Metadata, set.Spec.Template, HashLabel, RevisionHash.Compute(data, collisions), data, number),
            cancellationToken);
        var current = revisions.FirstOrDefault(r => r.Metadata.Name == set.Status?.CurrentRevision) ?? update;
        return (current, update, collisionCount);
    }

    /// <summary>Deletes revisions beyond revisionHistoryLimit that nothing uses, oldest first.</summary>
    public Task TruncateAsync(IReadOnlyList<V1ControllerRevision> revisions, IEnumerable<V1Pod> pods,
        V1ControllerRevision current, V1ControllerRevision update, CancellationToken cancellationToken)
    {
        var live = pods.Select(StatefulPodIdentity.Revision).OfType<string>().Append(current.Metadata.Name).Append(update.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        return history.TruncateAsync(revisions, r => live.Contains(r.Metadata.Name), set.Spec.RevisionHistoryLimit ?? 10, cancellationToken);
    }
}
