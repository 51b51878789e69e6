using Microsoft.Extensions.Logging;

namespace Berth.Controllers.GarbageCollector;

/// <summary>
/// The garbage collector's workers (kube's attemptToDeleteItem and attemptToOrphan): each takes an
/// object of the <see cref="OwnerGraph"/> by uid, reads it live from the API, and acts. Answers
/// whether the object is done (false: look again later, with back-off).
/// </summary>
public sealed partial class GarbageProcessor(OwnerGraph graph, LiveObjects live, AbsentOwnerCache absentOwners, Action<string> attemptToDelete, ILogger logger)
{
    public async Task<bool> AttemptToDeleteAsync(string uid, CancellationToken cancellationToken)
    {
        if (graph.View(uid) is not { } item)
        {
            return true;
        }
        // Deletion is a one-way trip: wait for the object to go, then its dependents are looked at.
        if (item.BeingDeleted && !item.DeletingDependents)
        {
            return true;
        }
        if (live.Resource(item.Identity) is not { } resource)
        {
            LogUnknownKind(item.Identity.ToString());
            return false;
        }
        if (await live.GetAsync(resource, item.Identity, cancellationToken) is not { } latest)
        {
            graph.RemoveAbsent(item.Identity);
            return true;
        }
        if (item.DeletingDependents)
        {
            await ProcessDeletingDependentsAsync(item, cancellationToken);
            return true;
        }
        var references = latest.Metadata.OwnerReferences ?? [];
        if (references.FirstOrDefault(r => live.Resource(ObjectIdentity.OfOwner(r, null)) is null) is { } unknown)
        {
            LogUnknownKind(ObjectIdentity.OfOwner(unknown, item.Identity.Namespace).ToString());
            return false;
        }
        if (references.Count > 0)
        {
            var owners = new List<(k8s.Models.V1OwnerReference, OwnerState)>();
            foreach (var reference in references)
            {
                if (await ClassifyAsync(reference, item.Identity, cancellationToken) is not { } state)
                {
                    // A cluster-scoped object cannot have a namespaced owner; retrying will not change that.
                    return true;
                }
                owners.Add((reference, state));
            }
            await ApplyAsync(resource, item, GarbageDecision.Decide(owners, item.Dependents, latest.Metadata.Finalizers), cancellationToken);
        }
        // A virtual node is looked at again until an informer shows its object (or it is found absent).
        return item.Observed;
    }

    /// <summary>Removes the owner's uid from its dependents' ownerReferences, then its orphan finalizer.</summary>
    public async Task<bool> AttemptToOrphanAsync(string uid, CancellationToken cancellationToken)
    {
        if (graph.View(uid) is not { } owner)
        {
            return true;
        }
        foreach (var dependent in owner.Dependents)
        {
            if (live.Resource(dependent.Identity) is not { } dependentResource)
            {
                return false;
            }
            await live.PatchAsync(dependentResource, dependent.Identity, meta => MetadataPatches.WithoutOwners(meta, [uid]), cancellationToken);
        }
        if (live.Resource(owner.Identity) is not { } resource)
        {
            return false;
        }
        await live.PatchAsync(resource, owner.Identity, meta => MetadataPatches.WithoutFinalizer(meta, OwnerGraph.OrphanFinalizer), cancellationToken);
        return true;
    }

    /// <summary>A foreground deletion ends once no dependent blocks it; until then, the blocking ones are deleted.</summary>
    private async Task ProcessDeletingDependentsAsync(NodeView item, CancellationToken cancellationToken)
    {
        var blocking = item.BlockingDependents.ToList();
        if (blocking.Count == 0)
        {
            await live.PatchAsync(live.Resource(item.Identity)!, item.Identity, meta => MetadataPatches.WithoutFinalizer(meta, OwnerGraph.ForegroundFinalizer), cancellationToken);
            return;
        }
        foreach (var dependent in blocking.Where(d => !d.DeletingDependents))
        {
            attemptToDelete(dependent.Identity.Uid);
        }
    }

    /// <summary>What one ownerReference points to, or null when it can never be valid.</summary>
    private async Task<OwnerState?> ClassifyAsync(k8s.Models.V1OwnerReference reference, ObjectIdentity dependent, CancellationToken cancellationToken)
    {
        var clusterKey = ObjectIdentity.OfOwner(reference, null);
        var namespacedKey = ObjectIdentity.OfOwner(reference, dependent.Namespace);
        if (absentOwners.Contains(clusterKey) || absentOwners.Contains(namespacedKey))
        {
            return OwnerState.Dangling;
        }
        var resource = live.Resource(clusterKey)!;
        if (resource.Namespaced && dependent.Namespace is null)
        {
            LogNamespacedOwner(dependent.ToString(), reference.Name);
            return null;
        }
        var key = resource.Namespaced ? namespacedKey : clusterKey;
        if (await live.GetAsync(resource, key, cancellationToken) is not { } owner)
        {
            absentOwners.Add(key);
            return OwnerState.Dangling;
        }
        return owner.Metadata.DeletionTimestamp is not null && OwnerGraph.HasFinalizer(owner.Metadata, OwnerGraph.ForegroundFinalizer)
            ? OwnerState.WaitingForDependentsDeletion
            : OwnerState.Solid;
    }

    private async Task ApplyAsync(Client.Discovery.DiscoveredResource resource, NodeView item, GarbageAction action, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case GarbageAction.RemoveOwnerReferences remove:
                await live.PatchAsync(resource, item.Identity, meta => MetadataPatches.WithoutOwners(meta, remove.OwnerUids), cancellationToken);
                break;
            case GarbageAction.Delete delete:
                if (delete.UnblockFirst)
                {
                    await live.PatchAsync(resource, item.Identity, MetadataPatches.Unblocked, cancellationToken);
                }
                LogDeleting(item.Identity.ToString(), delete.Propagation);
                await live.DeleteAsync(resource, item.Identity, delete.Propagation, cancellationToken);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "garbage collector: no resource serves {Item} yet; looking again later")]
    private partial void LogUnknownKind(string item);

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: cluster-scoped {Item} names a namespaced owner {Owner}; ignored")]
    private partial void LogNamespacedOwner(string item, string owner);

    [LoggerMessage(Level = LogLevel.Debug, Message = "garbage collector: deleting {Item} ({Propagation})")]
    private partial void LogDeleting(string item, string propagation);
}
