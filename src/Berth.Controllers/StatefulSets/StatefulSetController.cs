using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Selectors;
using Berth.Client.Serialization;
using Berth.Controllers.History;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.StatefulSets;

/// <summary>
/// Runs StatefulSets (kube's statefulset-controller): pods with stable names and ordinals, their
/// claims from volumeClaimTemplates, ordered or parallel creation and deletion, rolling updates
/// from the highest ordinal down to the partition, and the template history as ControllerRevisions
/// (named SET-HASH, the pods' controller-revision-hash label, revisionHistoryLimit). Each sync reads
/// the caches, takes the steps <see cref="StatefulSetPlanner"/> decides and writes the status when it
/// changed; the next pod event brings the next step, so a restart continues from stored state.
/// </summary>
public sealed class StatefulSetController : IController
{
    public const string Kind = "StatefulSet";

    private readonly ControllerContext _context;
    private readonly Informer<V1StatefulSet> _sets;
    private readonly Informer<V1Pod> _pods;
    private readonly Informer<V1ControllerRevision> _revisions;
    private readonly Informer<V1PersistentVolumeClaim> _claims;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;
    private readonly ResourceClient<V1StatefulSet, V1StatefulSetList> _client;
    private readonly Claims<V1Pod, V1PodList> _podClaims;
    private readonly ControllerHistory _history;
    private readonly StatefulPodControl _podControl;

    public StatefulSetController(ControllerContext context)
    {
        _context = context;
        _sets = context.Informers.For(KubeResources.StatefulSets);
        _pods = context.Informers.For(KubeResources.Pods);
        _revisions = context.Informers.For(KubeResources.ControllerRevisions);
        _claims = context.Informers.For(KubeResources.PersistentVolumeClaims);
        _queue = WorkQueue<string>.ForController(context.Time);
        _client = context.Client.For(KubeResources.StatefulSets);
        _podClaims = new Claims<V1Pod, V1PodList>(context.Client.For(KubeResources.Pods));
        _history = new ControllerHistory(context.Client);
        _podControl = new StatefulPodControl(context.Client, context.Recorder(Name), _claims.Cache);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<StatefulSetController>());

        _sets.AddHandler(new InformerHandler<V1StatefulSet>(set => _queue.Add(ObjectKey.Of(set))));
        _pods.AddHandler(new OwnedPodEvents<V1StatefulSet>(Kind, _sets.Cache, set => LabelSelector.From(set.Spec.Selector), set => set.Spec.MinReadySeconds ?? 0, _queue));
    }

    public string Name => "statefulset-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(5, cancellationToken);

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_sets.Cache.Get(key) is not { } cached)
        {
            return;
        }
        var set = ModelCopy.Clone(cached, ModelJsonContext.Default.V1StatefulSet);
        var ns = set.Metadata.NamespaceProperty;
        var ownerRef = ControllerRefs.To("apps/v1", Kind, set.Metadata);
        var deleting = set.Metadata.DeletionTimestamp is not null;
        var selector = LabelSelector.From(set.Spec.Selector);
        var pods = await _podClaims.ClaimAsync(ownerRef, deleting, selector, _pods.Cache.InNamespace(ns), ct => CanAdoptAsync(set, ct), cancellationToken,
            belongs: pod => StatefulPodIdentity.IsMemberOf(set, pod));
        var revisions = await _history.ClaimAsync(ownerRef, deleting, selector, _revisions.Cache.InNamespace(ns), ct => CanAdoptAsync(set, ct), cancellationToken);

        var (current, update, collisionCount) = await new StatefulSetRevisions(set, _history).ResolveAsync(revisions, cancellationToken);
        var plan = StatefulSetPlanner.Plan(new StatefulSetSnapshot(
            set, RevisionPatch.Template(current), current.Metadata.Name, RevisionPatch.Template(update), update.Metadata.Name, collisionCount,
            pods, name => _claims.Cache.Get(ns, name), _context.Time.GetUtcNow().UtcDateTime));

        var status = plan.Status;
        Exception? failure = null;
        try
        {
            await RunAsync(set, plan, status, cancellationToken);
        }
        catch (Exception ex) when (ex is ApiStatusException or InvalidOperationException)
        {
            failure = ex;
        }
        StatefulSetStatusCalculator.CompleteRollingUpdate(set, status);
        if (StatefulSetStatusCalculator.Differs(set, status))
        {
            await UpdateStatusAsync(set, status, cancellationToken);
        }
        await new StatefulSetRevisions(set, _history).TruncateAsync(revisions, pods, current, update, cancellationToken);
        if (failure is not null)
        {
            throw failure;
        }
        if (set.Spec.MinReadySeconds is > 0 and var minReady && status.AvailableReplicas != StatefulPodIdentity.Replicas(set))
        {
            _queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
        }
    }

    /// <summary>Runs the stages in order until one stops the sync or fails; an update's delete leaves one pod fewer current.</summary>
    private async Task RunAsync(V1StatefulSet set, StatefulSetPlan plan, V1StatefulSetStatus status, CancellationToken cancellationToken)
    {
        foreach (var stage in plan.Stages)
        {
            if (stage.OneAtATime)
            {
                foreach (var action in stage.Actions)
                {
                    await _podControl.RunAsync(set, action, cancellationToken);
                }
            }
            else
            {
                var next = -1;
                var (_, failure) = await SlowStart.RunAsync(stage.Actions.Count, () => _podControl.RunAsync(set, stage.Actions[Interlocked.Increment(ref next)], cancellationToken));
                if (failure is not null)
                {
                    throw failure;
                }
            }
            if (stage.Actions.Any(a => a is StatefulPodAction.Delete { Reason: DeleteReason.Update }))
            {
                status.CurrentReplicas--;
            }
            if (stage.StopAfter)
            {
                return;
            }
        }
    }

    private async Task UpdateStatusAsync(V1StatefulSet set, V1StatefulSetStatus status, CancellationToken cancellationToken)
    {
        set.Status = status;
        try
        {
            await _client.UpdateStatusAsync(set, cancellationToken);
        }
        catch (ApiStatusException conflict) when (conflict.IsConflict)
        {
            // Written meanwhile (a scale, an edit): once more on a fresh read, as kube's status updater does.
            var fresh = await _client.GetAsync(set.Metadata.NamespaceProperty, set.Metadata.Name, cancellationToken);
            fresh.Status = status;
            await _client.UpdateStatusAsync(fresh, cancellationToken);
        }
    }

    private Task<bool> CanAdoptAsync(V1StatefulSet cached, CancellationToken cancellationToken) => Adoption.OwnerStillActiveAsync(_client, cached, cancellationToken);
}
