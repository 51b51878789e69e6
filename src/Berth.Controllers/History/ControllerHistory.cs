using System.Text.Json;
using Berth.Client.Rest;
using Berth.Client.Selectors;
using Berth.Controllers.Machinery;
using k8s.Models;

namespace Berth.Controllers.History;

/// <summary>
/// A workload's ControllerRevisions through the API (kube's controller/history): claiming them
/// (adoption and release as for pods), the revision of the template the workload has now (an equal
/// one renumbered to the newest, a rollback, or a new one), deleting old ones beyond the history limit.
/// </summary>
public sealed class ControllerHistory(ApiClient client)
{
    private readonly ResourceClient<V1ControllerRevision, V1ControllerRevisionList> _revisions = client.For(KubeResources.ControllerRevisions);
    private readonly Claims<V1ControllerRevision, V1ControllerRevisionList> _claims = new(client.For(KubeResources.ControllerRevisions));

    /// <summary>The revisions the owner controls, oldest first (kube's SortControllerRevisions), after adoption and release.</summary>
    public async Task<List<V1ControllerRevision>> ClaimAsync(V1OwnerReference ownerRef, bool ownerDeleting, LabelSelector selector,
        IEnumerable<V1ControllerRevision> candidates, Func<CancellationToken, Task<bool>> canAdopt, CancellationToken cancellationToken)
    {
        var claimed = await _claims.ClaimAsync(ownerRef, ownerDeleting, selector, candidates, canAdopt, cancellationToken);
        return [.. Sorted(claimed)];
    }

    public static IEnumerable<V1ControllerRevision> Sorted(IEnumerable<V1ControllerRevision> revisions) => revisions
        .OrderBy(r => r.Revision)
        .ThenBy(r => r.Metadata.CreationTimestamp ?? DateTime.MinValue)
        .ThenBy(r => r.Metadata.Name, StringComparer.Ordinal);

    /// <summary>
    /// The revision that restores <paramref name="data"/>: the newest equal one, renumbered to the
    /// newest if it was older (a rollback), else one <paramref name="newRevision"/> makes (from the
    /// number and the collision count), the count raised while its name holds other data.
    /// </summary>
    /// <param name="revisions">The owner's revisions, oldest first.</param>
    public async Task<(V1ControllerRevision Revision, int CollisionCount)> SnapshotAsync(IReadOnlyList<V1ControllerRevision> revisions,
        JsonElement data, int collisionCount, Func<long, int, V1ControllerRevision> newRevision, CancellationToken cancellationToken)
    {
        var next = revisions.Count == 0 ? 1 : (revisions[^1].Revision ?? 0) + 1;
        if (revisions.LastOrDefault(r => RevisionPatch.Matches(r, data)) is { } equal)
        {
            return (equal == revisions[^1] ? equal : await RenumberAsync(equal, next, cancellationToken), collisionCount);
        }
        while (true)
        {
            if (await CreateOrFindAsync(newRevision(next, collisionCount), cancellationToken) is { } created)
            {
                return (created, collisionCount);
            }
            collisionCount++;
        }
    }

    /// <summary>Deletes the revisions not in use beyond <paramref name="limit"/>, oldest first (kube's truncateHistory and cleanupHistory).</summary>
    /// <param name="revisions">The owner's revisions, oldest first.</param>
    public async Task TruncateAsync(IReadOnlyList<V1ControllerRevision> revisions, Func<V1ControllerRevision, bool> inUse, int limit, CancellationToken cancellationToken)
    {
        var old = revisions.Where(r => !inUse(r)).ToList();
        if (limit < 0 || old.Count <= limit)
        {
            return;
        }
        foreach (var revision in old.Take(old.Count - limit))
        {
            await DeleteAsync(revision, cancellationToken);
        }
    }

    /// <summary>
    /// A revision of the owner's template (kube's newRevision and the DaemonSet's snapshot): named
    /// OWNER-HASH, the template's labels and <paramref name="hashLabel"/>, the owner's annotations, owned by it.
    /// </summary>
    public static V1ControllerRevision NewRevision(V1OwnerReference owner, V1ObjectMeta ownerMeta, V1PodTemplateSpec template,
        string hashLabel, string hash, JsonElement data, long number)
    {
        var labels = template.Metadata?.Labels is { } templateLabels ? new Dictionary<string, string>(templateLabels) : [];
        labels[hashLabel] = hash;
        return new V1ControllerRevision
        {
            ApiVersion = "apps/v1",
            Kind = "ControllerRevision",
            Metadata = new V1ObjectMeta
            {
                Name = RevisionHash.Name(ownerMeta.Name, hash),
                NamespaceProperty = ownerMeta.NamespaceProperty,
                Labels = labels,
                Annotations = ownerMeta.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                OwnerReferences = [owner],
            },
            Data = data,
            Revision = number,
        };
    }

    /// <summary>
    /// Creates the revision; when its name is taken, returns the revision holding it if that has the
    /// same data (created before, the cache had not seen it yet), or null for a hash collision.
    /// </summary>
    private async Task<V1ControllerRevision?> CreateOrFindAsync(V1ControllerRevision revision, CancellationToken cancellationToken)
    {
        try
        {
            return await _revisions.CreateAsync(revision, cancellationToken);
        }
        catch (ApiStatusException taken) when (taken.IsAlreadyExists)
        {
            var existing = await _revisions.GetAsync(revision.Metadata.NamespaceProperty, revision.Metadata.Name, cancellationToken);
            return revision.Data is JsonElement data && RevisionPatch.Matches(existing, data) ? existing : null;
        }
    }

    /// <summary>Gives an existing revision a new number (a rollback makes an old template current again).</summary>
    private async Task<V1ControllerRevision> RenumberAsync(V1ControllerRevision revision, long number, CancellationToken cancellationToken)
    {
        var copy = Client.Serialization.ModelCopy.Clone(revision, Client.Serialization.ModelJsonContext.Default.V1ControllerRevision);
        while (true)
        {
            if (copy.Revision == number)
            {
                return copy;
            }
            copy.Revision = number;
            try
            {
                return await _revisions.UpdateAsync(copy, cancellationToken);
            }
            catch (ApiStatusException conflict) when (conflict.IsConflict)
            {
                copy = await _revisions.GetAsync(revision.Metadata.NamespaceProperty, revision.Metadata.Name, cancellationToken);
            }
        }
    }

    private async Task DeleteAsync(V1ControllerRevision revision, CancellationToken cancellationToken)
    {
        try
        {
            await _revisions.DeleteAsync(revision.Metadata.NamespaceProperty, revision.Metadata.Name, cancellationToken);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }
}
