using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Selectors;
using Berth.Controllers.Machinery;
using Berth.Controllers.Pods;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.ReplicaSets;

/// <summary>
/// Keeps the number of active pods of each ReplicaSet at <c>spec.replicas</c> (kube's
/// replicaset-controller): creates missing pods in slow-start batches (at most 500 per sync),
/// deletes surplus ones in <see cref="PodDeletionOrder"/>, adopts matching orphans and releases pods
/// that stop matching, and reports replicas, fullyLabeledReplicas, readyReplicas and
/// availableReplicas. <see cref="Expectations"/> keep a lagging cache from causing double creates.
/// </summary>
public sealed class ReplicaSetController : IController
{
    public const int BurstReplicas = 500;
    private const string Kind = "ReplicaSet";

    private readonly ControllerContext _context;
    private readonly Informer<V1ReplicaSet> _replicaSets;
    private readonly Informer<V1Pod> _pods;
    private readonly WorkQueue<string> _queue;
    private readonly Expectations _expectations;
    private readonly PodControl _podControl;
    private readonly Claims<V1Pod, V1PodList> _claims;
    private readonly ResourceClient<V1ReplicaSet, V1ReplicaSetList> _client;
    private readonly ReconcileLoop _loop;

    public ReplicaSetController(ControllerContext context)
    {
        _context = context;
        _replicaSets = context.Informers.For(KubeResources.ReplicaSets);
        _pods = context.Informers.For(KubeResources.Pods);
        _queue = WorkQueue<string>.ForController(context.Time);
        _expectations = new Expectations(context.Time);
        _podControl = new PodControl(context.Client, context.Recorder("replicaset-controller"));
        _claims = new Claims<V1Pod, V1PodList>(context.Client.For(KubeResources.Pods));
        _client = context.Client.For(KubeResources.ReplicaSets);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<ReplicaSetController>());

        _replicaSets.AddHandler(new InformerHandler<V1ReplicaSet>(
            changed: rs => _queue.Add(ObjectKey.Of(rs)),
            deleted: rs =>
            {
                _expectations.Forget(ObjectKey.Of(rs));
                _queue.Add(ObjectKey.Of(rs));
            }));
        _pods.AddHandler(new InformerHandler<V1Pod>(PodAdded, PodUpdated, PodDeleted));
    }

    public string Name => "replicaset-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(5, cancellationToken);

    private void PodAdded(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            PodDeleted(pod);
            return;
        }
        if (OwnerKey(pod) is { } owner)
        {
            _expectations.CreationObserved(owner);
            _queue.Add(owner);
            return;
        }
        EnqueueMatching(pod);
    }

    private void PodUpdated(V1Pod old, V1Pod current)
    {
        if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
        {
            return;
        }
        if (current.Metadata.DeletionTimestamp is not null && old.Metadata.DeletionTimestamp is null)
        {
            PodDeleted(current);
            return;
        }
        var oldOwner = OwnerKey(old);
        var owner = OwnerKey(current);
        if (oldOwner is not null && oldOwner != owner)
        {
            _queue.Add(oldOwner);
        }
        if (owner is not null)
        {
            _queue.Add(owner);
            // A pod turning ready becomes available only after minReadySeconds: look again then.
            if (_replicaSets.Cache.Get(owner) is { Spec.MinReadySeconds: > 0 } rs && !PodConditions.IsReady(old) && PodConditions.IsReady(current))
            {
                _queue.AddAfter(owner, TimeSpan.FromSeconds(rs.Spec.MinReadySeconds.Value + 1));
            }
            return;
        }
        if (!LabelsEqual(old, current) || oldOwner is not null)
        {
            EnqueueMatching(current);
        }
    }

    private void PodDeleted(V1Pod pod)
    {
        if (OwnerKey(pod) is { } owner)
        {
            _expectations.DeletionObserved(owner, pod.Metadata.Uid);
            _queue.Add(owner);
        }
    }

    /// <summary>The pod's controlling ReplicaSet, if it is one this cache knows by uid.</summary>
    private string? OwnerKey(V1Pod pod)
    {
        var key = ControllerRefs.OwnerKey(pod, Kind);
        return key is not null && _replicaSets.Cache.Get(key) is { } rs && rs.Metadata.Uid == ControllerRefs.Of(pod.Metadata)!.Uid ? key : null;
    }

    private void EnqueueMatching(V1Pod orphan)
    {
        foreach (var rs in _replicaSets.Cache.InNamespace(orphan.Metadata.NamespaceProperty))
        {
            if (LabelSelector.From(rs.Spec.Selector).Matches(orphan.Metadata.Labels))
            {
                _queue.Add(ObjectKey.Of(rs));
            }
        }
    }

    private static bool LabelsEqual(V1Pod a, V1Pod b) => LabelSets.Equal(a.Metadata.Labels, b.Metadata.Labels);

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_replicaSets.Cache.Get(key) is not { } rs)
        {
            _expectations.Forget(key);
            return;
        }
        var needsSync = _expectations.Satisfied(key);
        var ownerRef = ControllerRefs.To("apps/v1", Kind, rs.Metadata);
        var active = _pods.Cache.InNamespace(rs.Metadata.NamespaceProperty).Where(PodConditions.IsActive);
        var pods = await _claims.ClaimAsync(ownerRef, rs.Metadata.DeletionTimestamp is not null, LabelSelector.From(rs.Spec.Selector), active,
            ct => CanAdoptAsync(rs, ct), cancellationToken);

        Exception? manageError = null;
        if (needsSync && rs.Metadata.DeletionTimestamp is null)
        {
            manageError = await ManageReplicasAsync(key, rs, pods, cancellationToken);
        }
        var now = _context.Time.GetUtcNow().UtcDateTime;
        var status = ReplicaSetStatusCalculator.Calculate(rs, pods, manageError, now);
        var updated = await UpdateStatusAsync(rs, status, cancellationToken);
        if (manageError is null && updated.Spec.MinReadySeconds is > 0 and var minReady
            && updated.Status.ReadyReplicas == updated.Spec.Replicas && updated.Status.AvailableReplicas != updated.Spec.Replicas)
        {
            _queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
        }
        if (manageError is not null)
        {
            throw manageError;
        }
    }

    /// <summary>Creates or deletes pods to reach spec.replicas; returns the first failure.</summary>
    private async Task<Exception?> ManageReplicasAsync(string key, V1ReplicaSet rs, List<V1Pod> pods, CancellationToken cancellationToken)
    {
        var diff = pods.Count - (rs.Spec.Replicas ?? 1);
        if (diff < 0)
        {
            var missing = Math.Min(-diff, BurstReplicas);
            _expectations.ExpectCreations(key, missing);
            var ownerRef = ControllerRefs.To("apps/v1", Kind, rs.Metadata);
            var (created, failure) = await SlowStart.RunAsync(missing, () => _podControl.CreateAsync(KubeResources.ReplicaSets, rs,
                PodTemplates.NewPod(rs.Spec.Template, rs.Metadata.NamespaceProperty, ownerRef, $"{rs.Metadata.Name}-"), cancellationToken));
            for (var i = created; i < missing; i++)
            {
                _expectations.CreationObserved(key);
            }
            return failure;
        }
        if (diff > 0)
        {
            var victims = PodDeletionOrder.Order(pods).Take(Math.Min(diff, BurstReplicas)).ToList();
            _expectations.ExpectDeletions(key, victims.Select(p => p.Metadata.Uid));
            return await _podControl.DeleteAllAsync(KubeResources.ReplicaSets, rs, victims,
                pod => _expectations.DeletionObserved(key, pod.Metadata.Uid), cancellationToken);
        }
        return null;
    }

    private Task<bool> CanAdoptAsync(V1ReplicaSet cached, CancellationToken cancellationToken) => Adoption.OwnerStillActiveAsync(_client, cached, cancellationToken);

    private async Task<V1ReplicaSet> UpdateStatusAsync(V1ReplicaSet rs, V1ReplicaSetStatus status, CancellationToken cancellationToken)
    {
        if (ReplicaSetStatusCalculator.Equal(rs.Status, status))
        {
            return rs;
        }
        var copy = Client.Serialization.ModelCopy.Clone(rs, Client.Serialization.ModelJsonContext.Default.V1ReplicaSet);
        copy.Status = status;
        try
        {
            return await _client.UpdateStatusAsync(copy, cancellationToken);
        }
        catch (ApiStatusException conflict) when (conflict.IsConflict)
        {
            // Someone else wrote the ReplicaSet: one retry on a fresh read, as kube does.
            var fresh = await _client.GetAsync(rs.Metadata.NamespaceProperty, rs.Metadata.Name, cancellationToken);
            status.ObservedGeneration = fresh.Metadata.Generation;
            fresh.Status = status;
            return await _client.UpdateStatusAsync(fresh, cancellationToken);
        }
    }
}
