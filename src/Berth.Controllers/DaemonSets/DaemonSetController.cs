using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Selectors;
using Berth.Client.Serialization;
using Berth.Controllers.History;
using Berth.Controllers.Machinery;
using Berth.Controllers.Pods;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.DaemonSets;

/// <summary>
/// Runs DaemonSets (kube's daemonset-controller): one pod on every node the template's nodeName,
/// nodeSelector, required node affinity and tolerations (with the automatic ones) allow, following
/// nodes as they join, change and leave; failed pods replaced under a per-node back-off; RollingUpdate
/// within maxUnavailable and maxSurge, or OnDelete; the template history as ControllerRevisions for
/// <c>kubectl rollout history/undo</c>; status counts for <c>kubectl rollout status</c>. Each sync
/// takes one step (create and delete what <see cref="DaemonSetPlanner"/> decides) and the pod
/// events it causes bring the next; <see cref="Expectations"/> keep a lagging cache from doubling pods.
/// </summary>
public sealed class DaemonSetController : IController
{
    public const string Kind = "DaemonSet";

    /// <summary>At most this many creations or deletions per sync (kube's BurstReplicas).</summary>
    public const int BurstReplicas = 250;

    private readonly ControllerContext _context;
    private readonly Informer<V1DaemonSet> _sets;
    private readonly Informer<V1Pod> _pods;
    private readonly Informer<V1Node> _nodes;
    private readonly Informer<V1ControllerRevision> _revisions;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;
    private readonly Expectations _expectations;
    private readonly FailedPodBackoff _backoff;
    private readonly ResourceClient<V1DaemonSet, V1DaemonSetList> _client;
    private readonly Claims<V1Pod, V1PodList> _podClaims;
    private readonly ControllerHistory _history;
    private readonly PodControl _podControl;
    private readonly EventRecorder _events;

    public DaemonSetController(ControllerContext context)
    {
        _context = context;
        _sets = context.Informers.For(KubeResources.DaemonSets);
        _pods = context.Informers.For(KubeResources.Pods);
        _nodes = context.Informers.For(KubeResources.Nodes);
        _revisions = context.Informers.For(KubeResources.ControllerRevisions);
        _queue = WorkQueue<string>.ForController(context.Time);
        _expectations = new Expectations(context.Time);
        _backoff = new FailedPodBackoff(context.Time);
        _client = context.Client.For(KubeResources.DaemonSets);
        _podClaims = new Claims<V1Pod, V1PodList>(context.Client.For(KubeResources.Pods));
        _history = new ControllerHistory(context.Client);
        _events = context.Recorder(Name);
        _podControl = new PodControl(context.Client, _events);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<DaemonSetController>());

        _sets.AddHandler(new InformerHandler<V1DaemonSet>(
            changed: ds => _queue.Add(ObjectKey.Of(ds)),
            deleted: ds =>
            {
                _expectations.Forget(ObjectKey.Of(ds));
                _queue.Add(ObjectKey.Of(ds));
            }));
        _pods.AddHandler(new OwnedPodEvents<V1DaemonSet>(Kind, _sets.Cache, ds => LabelSelector.From(ds.Spec.Selector), ds => ds.Spec.MinReadySeconds ?? 0, _queue)
        {
            Created = _expectations.CreationObserved,
            Deleted = (key, pod) => _expectations.DeletionObserved(key, pod.Metadata.Uid),
        });
        _nodes.AddHandler(new InformerHandler<V1Node>(
            changed: node => EnqueueWhere(ds => NodeFit.Of(ds, node).ShouldRun),
            updated: (old, node) => EnqueueWhere(ds => NodeFit.Of(ds, old) != NodeFit.Of(ds, node)),
            deleted: node => EnqueueWhere(ds => NodeFit.Of(ds, node).ShouldContinueRunning)));
    }

    public string Name => "daemonset-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(2, cancellationToken);

    private void EnqueueWhere(Func<V1DaemonSet, bool> affected)
    {
        foreach (var ds in _sets.Cache.List())
        {
            if (affected(ds))
            {
                _queue.Add(ObjectKey.Of(ds));
            }
        }
    }

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_sets.Cache.Get(key) is not { } cached)
        {
            _expectations.Forget(key);
            return;
        }
        if (cached.Metadata.DeletionTimestamp is not null)
        {
            return;
        }
        var ds = ModelCopy.Clone(cached, ModelJsonContext.Default.V1DaemonSet);
        var ns = ds.Metadata.NamespaceProperty;
        var ownerRef = ControllerRefs.To("apps/v1", Kind, ds.Metadata);
        var selector = LabelSelector.From(ds.Spec.Selector);
        var nodes = _nodes.Cache.List().ToList();
        var pods = await _podClaims.ClaimAsync(ownerRef, false, selector, _pods.Cache.InNamespace(ns), ct => CanAdoptAsync(ds, ct), cancellationToken);
        var revisions = await _history.ClaimAsync(ownerRef, false, selector, _revisions.Cache.InNamespace(ns), ct => CanAdoptAsync(ds, ct), cancellationToken);
        var history = new DaemonSetHistory(ds, _history);
        var (current, hash, collisionCount) = await history.CurrentAsync(revisions, cancellationToken);

        var observed = _expectations.Satisfied(key);
        Exception? failure = null;
        if (observed)
        {
            try
            {
                var now = _context.Time.GetUtcNow().UtcDateTime;
                if (!await RunAsync(key, ds, ownerRef, hash, DaemonSetPlanner.Manage(ds, hash, nodes, pods, now), cancellationToken)
                    && DaemonSetPlanner.IsRollingUpdate(ds))
                {
                    await RunAsync(key, ds, ownerRef, hash, DaemonSetPlanner.RollingUpdate(ds, hash, nodes, pods, now), cancellationToken);
                }
                await history.TruncateAsync(revisions, pods, current, cancellationToken);
            }
            catch (ApiStatusException ex)
            {
                failure = ex;
            }
        }
        var status = DaemonSetStatusCalculator.Calculate(ds, hash, nodes, pods, collisionCount, observed, _context.Time.GetUtcNow().UtcDateTime);
        if (DaemonSetStatusCalculator.Differs(ds.Status, status))
        {
            await UpdateStatusAsync(ds, status, cancellationToken);
        }
        if (failure is not null)
        {
            throw failure;
        }
        if (ds.Spec.MinReadySeconds is > 0 and var minReady && status.NumberReady != status.NumberAvailable)
        {
            _queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
        }
    }

    /// <summary>Carries out one plan under expectations; returns whether it changed anything.</summary>
    private async Task<bool> RunAsync(string key, V1DaemonSet ds, V1OwnerReference ownerRef, string hash, DaemonSetPlan plan, CancellationToken cancellationToken)
    {
        var deletes = plan.Deletes.ToList();
        foreach (var pod in plan.Failed)
        {
            var backoffKey = $"{ds.Metadata.Uid}/{pod.Spec.NodeName}";
            if (_backoff.Remaining(backoffKey) is { } wait && wait > TimeSpan.Zero)
            {
                _queue.AddAfter(key, wait);
                continue;
            }
            _backoff.Next(backoffKey);
            _events.Warning(KubeResources.DaemonSets, ds, "FailedDaemonPod",
                $"Found failed daemon pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} on node {pod.Spec.NodeName}, will try to kill it");
            deletes.Add(pod);
        }
        var creates = plan.Creates.Take(BurstReplicas).ToList();
        deletes = [.. deletes.DistinctBy(p => p.Metadata.Uid).Take(BurstReplicas)];
        if (creates.Count == 0 && deletes.Count == 0)
        {
            return false;
        }
        _expectations.Expect(key, creates.Count, deletes.Select(p => p.Metadata.Uid));
        var next = -1;
        var (created, createFailure) = await SlowStart.RunAsync(creates.Count, () =>
            _podControl.CreateAsync(KubeResources.DaemonSets, ds, DaemonPods.NewPod(ds, ownerRef, hash, creates[Interlocked.Increment(ref next)]), cancellationToken));
        for (var i = created; i < creates.Count; i++)
        {
            _expectations.CreationObserved(key);
        }
        var deleteFailure = await _podControl.DeleteAllAsync(KubeResources.DaemonSets, ds, deletes,
            pod => _expectations.DeletionObserved(key, pod.Metadata.Uid), cancellationToken);
        if ((createFailure ?? deleteFailure) is { } failure)
        {
            throw failure;
        }
        return true;
    }

    private async Task UpdateStatusAsync(V1DaemonSet ds, V1DaemonSetStatus status, CancellationToken cancellationToken)
    {
        ds.Status = status;
        try
        {
            await _client.UpdateStatusAsync(ds, cancellationToken);
        }
        catch (ApiStatusException conflict) when (conflict.IsConflict)
        {
            // Written meanwhile (an edit, a rollback): once more on a fresh read, as kube's storeDaemonSetStatus does.
            var fresh = await _client.GetAsync(ds.Metadata.NamespaceProperty, ds.Metadata.Name, cancellationToken);
            status.ObservedGeneration = fresh.Metadata.Generation == ds.Metadata.Generation ? status.ObservedGeneration : fresh.Status?.ObservedGeneration;
            fresh.Status = status;
            await _client.UpdateStatusAsync(fresh, cancellationToken);
        }
    }

    private Task<bool> CanAdoptAsync(V1DaemonSet cached, CancellationToken cancellationToken) => Adoption.OwnerStillActiveAsync(_client, cached, cancellationToken);
}
