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
        var collisionCount = set.Status?.CollisionCount ?? 0;
        var data = RevisionPatch.For(set.Spec.Template);
        var next = revisions.Count == 0 ? 1 : (revisions[^1].Revision ?? 0) + 1;
        var equal = revisions.Where(r => RevisionPatch.Matches(r, data)).ToList();
        V1ControllerRevision update;
        if (equal.Count > 0 && equal[^1] == revisions[^1])
        {
            update = revisions[^1];
        }
        else if (equal.Count > 0)
        {
            update = await history.RenumberAsync(equal[^1], next, cancellationToken);
        }
        else
        {
            while (true)
            {
                if (await history.CreateOrFindAsync(NewRevision(data, next, collisionCount), cancellationToken) is { } created)
                {
                    update = created;
                    break;
                }
                collisionCount++;
            }
        }
        var current = revisions.FirstOrDefault(r => r.Metadata.Name == set.Status?.CurrentRevision) ?? update;
        return (current, update, collisionCount);
    }

    /// <summary>Deletes revisions beyond revisionHistoryLimit that nothing uses, oldest first.</summary>
    public async Task TruncateAsync(IReadOnlyList<V1ControllerRevision> revisions, IEnumerable<V1Pod> pods,
        V1ControllerRevision current, V1ControllerRevision update, CancellationToken cancellationToken)
    {
        var live = pods.Select(StatefulPodIdentity.Revision).OfType<string>().Append(current.Metadata.Name).Append(update.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var old = revisions.Where(r => !live.Contains(r.Metadata.Name)).ToList();
        var limit = set.Spec.RevisionHistoryLimit ?? 10;
        if (limit < 0 || old.Count <= limit)
        {
            return;
        }
        foreach (var revision in old.Take(old.Count - limit))
        {
            await history.DeleteAsync(revision, cancellationToken);
        }
    }

    /// <summary>A revision of the set's template (kube's newRevision): the template's labels and the hash, the set's annotations, owned by the set.</summary>
    private V1ControllerRevision NewRevision(System.Text.Json.JsonElement data, long number, int collisionCount)
    {
        var hash = RevisionHash.Compute(data, collisionCount);
        var labels = set.Spec.Template.Metadata?.Labels is { } templateLabels ? new Dictionary<string, string>(templateLabels) : [];
        labels[HashLabel] = hash;
        return new V1ControllerRevision
        {
            ApiVersion = "apps/v1",
            Kind = "ControllerRevision",
            Metadata = new V1ObjectMeta
            {
                Name = RevisionHash.Name(set.Metadata.Name, hash),
                NamespaceProperty = set.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = set.Metadata.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                OwnerReferences = [ControllerRefs.To("apps/v1", StatefulSetController.Kind, set.Metadata)],
            },
            Data = data,
            Revision = number,
        };
    }
}
