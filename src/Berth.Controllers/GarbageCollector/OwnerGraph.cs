using k8s.Models;

namespace Berth.Controllers.GarbageCollector;

/// <summary>
/// The ownership graph of every object the garbage collector's informers show (kube's
/// GraphBuilder): nodes by uid with their owners and dependents, and "virtual" nodes for owners
/// not seen yet. Each change says which objects now have work, through <see cref="IGraphWork"/>:
/// <list type="bullet">
/// <item>an owner not in the graph: verify it exists (its virtual node);</item>
/// <item>a deletion that starts with the orphan finalizer: orphan its dependents;</item>
/// <item>a deletion that starts with the foregroundDeletion finalizer: delete its dependents, then it;</item>
/// <item>an object gone: its dependents (their owner may be absent) and the owners waiting for it;</item>
/// <item>a blocking reference removed or unblocked: the owner that may be waiting for it.</item>
/// </list>
/// It never calls the API; workers read <see cref="View"/> snapshots and act.
/// </summary>
public sealed class OwnerGraph(IGraphWork work, AbsentOwnerCache absentOwners)
{
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    private readonly Dictionary<string, GraphNode> _nodes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>An informer added or changed an object (<paramref name="old"/> null for an add).</summary>
    public void Observe(ObjectIdentity identity, V1ObjectMeta? old, V1ObjectMeta current)
    {
        lock (_lock)
        {
            var owners = (IReadOnlyList<V1OwnerReference>?)current.OwnerReferences ?? [];
            if (!_nodes.TryGetValue(identity.Uid, out var node))
            {
                node = new GraphNode(identity, observed: true)
                {
                    Owners = owners,
                    BeingDeleted = current.DeletionTimestamp is not null,
                    DeletingDependents = current.DeletionTimestamp is not null && HasFinalizer(current, ForegroundFinalizer),
                };
                _nodes[identity.Uid] = node;
                AddDependentToOwners(node, owners);
                ProcessTransitions(old, current, node);
                return;
            }
            if (!node.Observed)
            {
                MarkObserved(node, identity);
            }
            var (added, removed, changed) = Diff(node.Owners, owners);
            if (added.Count + removed.Count + changed.Count > 0)
            {
                AddUnblockedOwners(removed, changed);
                node.Owners = owners;
                AddDependentToOwners(node, added);
                RemoveDependentFromOwners(node, removed);
            }
            if (current.DeletionTimestamp is not null)
            {
                node.BeingDeleted = true;
            }
            ProcessTransitions(old, current, node);
        }
    }

    /// <summary>An informer saw the object deleted.</summary>
    public void Remove(ObjectIdentity identity)
    {
        lock (_lock)
        {
            if (_nodes.TryGetValue(identity.Uid, out var node))
            {
                RemoveNode(node, identity);
            }
        }
    }

    /// <summary>
    /// The API says nothing with these coordinates exists (a GET found nothing, or another uid).
    /// A virtual node goes, unless some dependents name its uid with other coordinates (then it is
    /// checked again under those); an observed node with other coordinates stays, and only the
    /// dependents that named the absent coordinates are looked at again.
    /// </summary>
    public void RemoveAbsent(ObjectIdentity identity)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(identity.Uid, out var node))
            {
                return;
            }
            if (node.Observed && node.Identity != identity)
            {
                AttemptMatchingDependents(node, identity);
                return;
            }
            if (!node.Observed)
            {
                var (_, nonMatching) = PartitionDependents(node, identity);
                if (nonMatching.Count > 0)
                {
                    AttemptMatchingDependents(node, identity);
                    if (node.Identity == identity && AlternateIdentity(nonMatching, identity) is { } alternate)
                    {
                        node.Identity = alternate;
                        work.AttemptToDelete(node.Identity.Uid);
                    }
                    return;
                }
            }
            RemoveNode(node, identity);
        }
    }

    /// <summary>A snapshot of a node and its dependents, or null when the graph no longer has it.</summary>
    public NodeView? View(string uid)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(uid, out var node))
            {
                return null;
            }
            var dependents = node.Dependents
                .Select(d => _nodes.GetValueOrDefault(d))
                .OfType<GraphNode>()
                .Select(d => new DependentView(d.Identity, d.DeletingDependents, d.Owners.Any(o => o.Uid == uid && o.BlockOwnerDeletion == true)))
                .ToList();
            return new NodeView(node.Identity, node.Observed, node.BeingDeleted, node.DeletingDependents, node.Owners, dependents);
        }
    }

    private void AddDependentToOwners(GraphNode node, IEnumerable<V1OwnerReference> owners)
    {
        // A reference that may not match what it points to (another namespace, other coordinates)
        // is checked against the API by an attempt on the dependent.
        var potentiallyInvalid = false;
        foreach (var owner in owners)
        {
            if (!_nodes.TryGetValue(owner.Uid, out var ownerNode))
            {
                ownerNode = new GraphNode(ObjectIdentity.OfOwner(owner, node.Identity.Namespace), observed: false);
                _nodes[owner.Uid] = ownerNode;
                ownerNode.Dependents.Add(node.Identity.Uid);
                work.AttemptToDelete(owner.Uid);
                continue;
            }
            ownerNode.Dependents.Add(node.Identity.Uid);
            if (potentiallyInvalid)
            {
                continue;
            }
            var ownerNamespaced = !string.IsNullOrEmpty(ownerNode.Identity.Namespace);
            potentiallyInvalid =
                (ownerNamespaced && ownerNode.Identity.Namespace != node.Identity.Namespace)
                || !ownerNode.Identity.Matches(owner)
                || (!ownerNamespaced && ownerNode.Identity.Namespace != node.Identity.Namespace && !ownerNode.Observed);
        }
        if (potentiallyInvalid)
        {
            work.AttemptToDelete(node.Identity.Uid);
        }
    }

    private void RemoveDependentFromOwners(GraphNode node, IEnumerable<V1OwnerReference> owners)
    {
        foreach (var owner in owners)
        {
            if (_nodes.TryGetValue(owner.Uid, out var ownerNode))
            {
                ownerNode.Dependents.Remove(node.Identity.Uid);
            }
        }
    }

    private void RemoveNode(GraphNode node, ObjectIdentity removedAs)
    {
        _nodes.Remove(node.Identity.Uid);
        RemoveDependentFromOwners(node, node.Owners);
        if (node.Dependents.Count > 0)
        {
            absentOwners.Add(removedAs);
        }
        foreach (var dependent in node.Dependents)
        {
            work.AttemptToDelete(dependent);
        }
        // An owner deleting in the foreground may have been waiting for this one.
        foreach (var owner in node.Owners)
        {
            if (_nodes.TryGetValue(owner.Uid, out var ownerNode) && ownerNode.DeletingDependents)
            {
                work.AttemptToDelete(owner.Uid);
            }
        }
    }

    /// <summary>A virtual node is seen by an informer: dependents that named other coordinates get checked.</summary>
    private void MarkObserved(GraphNode node, ObjectIdentity observed)
    {
        if (node.Identity != observed)
        {
            var (_, nonMatching) = PartitionDependents(node, observed);
            foreach (var dependent in nonMatching)
            {
                work.AttemptToDelete(dependent.Identity.Uid);
            }
            node.Identity = observed;
        }
        node.Observed = true;
    }

    private void ProcessTransitions(V1ObjectMeta? old, V1ObjectMeta current, GraphNode node)
    {
        if (DeletionStartsWith(old, current, OrphanFinalizer))
        {
            work.AttemptToOrphan(node.Identity.Uid);
            return;
        }
        if (DeletionStartsWith(old, current, ForegroundFinalizer))
        {
            node.DeletingDependents = true;
            foreach (var dependent in node.Dependents)
            {
                work.AttemptToDelete(dependent);
            }
            work.AttemptToDelete(node.Identity.Uid);
        }
    }

    /// <summary>A blocking reference that went away or stopped blocking may free an owner waiting in the foreground.</summary>
    private void AddUnblockedOwners(List<V1OwnerReference> removed, List<(V1OwnerReference Old, V1OwnerReference New)> changed)
    {
        var unblocked = removed.Where(r => r.BlockOwnerDeletion == true)
            .Concat(changed.Where(c => c.Old.BlockOwnerDeletion == true && c.New.BlockOwnerDeletion != true).Select(c => c.New));
        foreach (var reference in unblocked)
        {
            if (_nodes.ContainsKey(reference.Uid))
            {
                work.AttemptToDelete(reference.Uid);
            }
        }
    }

    private void AttemptMatchingDependents(GraphNode node, ObjectIdentity absent)
    {
        var (matching, _) = PartitionDependents(node, absent);
        if (matching.Count == 0)
        {
            return;
        }
        absentOwners.Add(absent);
        foreach (var dependent in matching)
        {
            work.AttemptToDelete(dependent.Identity.Uid);
        }
    }

    /// <summary>The node's dependents whose reference to its uid names these coordinates, and those that name others.</summary>
    private (List<GraphNode> Matching, List<GraphNode> NonMatching) PartitionDependents(GraphNode node, ObjectIdentity owner)
    {
        var matching = new List<GraphNode>();
        var nonMatching = new List<GraphNode>();
        var ownerNamespaced = !string.IsNullOrEmpty(owner.Namespace);
        foreach (var dependent in node.Dependents.Select(d => _nodes.GetValueOrDefault(d)).OfType<GraphNode>())
        {
            var match = false;
            var mismatch = ownerNamespaced && owner.Namespace != dependent.Identity.Namespace;
            if (!mismatch)
            {
                foreach (var reference in dependent.Owners.Where(r => r.Uid == owner.Uid))
                {
                    match |= owner.Matches(reference);
                    mismatch |= !owner.Matches(reference);
                }
            }
            if (match)
            {
                matching.Add(dependent);
            }
            if (mismatch)
            {
                nonMatching.Add(dependent);
            }
        }
        return (matching, nonMatching);
    }

    /// <summary>Other coordinates the dependents give the uid, in a stable order, preferring ones after the absent one.</summary>
    private static ObjectIdentity? AlternateIdentity(List<GraphNode> dependents, ObjectIdentity absent)
    {
        var candidates = dependents
            .SelectMany(d => d.Owners.Where(r => r.Uid == absent.Uid).Select(r => ObjectIdentity.OfOwner(r, d.Identity.Namespace)))
            .Where(c => c != absent && c.WithoutNamespace() != absent.WithoutNamespace())
            .Distinct()
            .OrderBy(c => c.ToString(), StringComparer.Ordinal)
            .ToList();
        return candidates.FirstOrDefault(c => string.CompareOrdinal(c.ToString(), absent.ToString()) > 0) ?? candidates.FirstOrDefault();
    }

    private static (List<V1OwnerReference> Added, List<V1OwnerReference> Removed, List<(V1OwnerReference Old, V1OwnerReference New)> Changed) Diff(
        IReadOnlyList<V1OwnerReference> old, IReadOnlyList<V1OwnerReference> current)
    {
        var oldByUid = new Dictionary<string, V1OwnerReference>(StringComparer.Ordinal);
        foreach (var reference in old)
        {
            oldByUid[reference.Uid] = reference;
        }
        var added = new List<V1OwnerReference>();
        var changed = new List<(V1OwnerReference, V1OwnerReference)>();
        foreach (var reference in current)
        {
            if (oldByUid.Remove(reference.Uid, out var before))
            {
                if (!SameReference(before, reference))
                {
                    changed.Add((before, reference));
                }
            }
            else
            {
                added.Add(reference);
            }
        }
        return (added, [.. oldByUid.Values], changed);
    }

    private static bool SameReference(V1OwnerReference a, V1OwnerReference b) =>
        a.ApiVersion == b.ApiVersion && a.Kind == b.Kind && a.Name == b.Name && a.Uid == b.Uid
        && a.Controller == b.Controller && a.BlockOwnerDeletion == b.BlockOwnerDeletion;

    private static bool DeletionStartsWith(V1ObjectMeta? old, V1ObjectMeta current, string finalizer) =>
        current.DeletionTimestamp is not null && HasFinalizer(current, finalizer)
        && (old is null || old.DeletionTimestamp is null || !HasFinalizer(old, finalizer));

    internal static bool HasFinalizer(V1ObjectMeta meta, string finalizer) => meta.Finalizers?.Contains(finalizer) == true;
}
