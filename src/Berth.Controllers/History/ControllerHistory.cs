using Berth.Client.Rest;
using Berth.Client.Selectors;
using Berth.Controllers.Machinery;
using k8s.Models;

namespace Berth.Controllers.History;

/// <summary>
/// A workload's ControllerRevisions through the API (kube's controller/history): claiming them
/// (adoption and release as for pods), creating one unless an equal one holds its name, renumbering
/// one that becomes current again, deleting old ones.
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
    /// Creates the revision; when its name is taken, returns the revision holding it if that has the
    /// same data (created before, the cache had not seen it yet), or null for a hash collision.
    /// </summary>
    public async Task<V1ControllerRevision?> CreateOrFindAsync(V1ControllerRevision revision, CancellationToken cancellationToken)
    {
        try
        {
            return await _revisions.CreateAsync(revision, cancellationToken);
        }
        catch (ApiStatusException taken) when (taken.IsAlreadyExists)
        {
            var existing = await _revisions.GetAsync(revision.Metadata.NamespaceProperty, revision.Metadata.Name, cancellationToken);
            return revision.Data is System.Text.Json.JsonElement data && RevisionPatch.Matches(existing, data) ? existing : null;
        }
    }

    /// <summary>Gives an existing revision a new number (a rollback makes an old template current again).</summary>
    public async Task<V1ControllerRevision> RenumberAsync(V1ControllerRevision revision, long number, CancellationToken cancellationToken)
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

    public async Task DeleteAsync(V1ControllerRevision revision, CancellationToken cancellationToken)
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
