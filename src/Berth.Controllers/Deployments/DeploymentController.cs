using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Selectors;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.Deployments;

/// <summary>
/// Rolls Deployments out through ReplicaSets (kube's deployment-controller): the ReplicaSet of the
/// current template is the new one (named by its pod-template-hash), the rest are old. A rolling
/// update grows the new one within maxSurge and shrinks the old ones within maxUnavailable;
/// Recreate empties the old ones first; a scale of a paused or mid-rollout Deployment is spread
/// over its ReplicaSets in proportion. Revisions, history cleanup, and the Progressing and
/// Available conditions follow kube's rules. Every sync starts from the caches alone, so a restart
/// continues a rollout where the stored state left it.
/// </summary>
public sealed class DeploymentController : IController
{
    public const string Kind = "Deployment";
    private const string PodOwnerIndex = "controller-uid";

    private readonly ControllerContext _context;
    private readonly Informer<V1Deployment> _deployments;
    private readonly Informer<V1ReplicaSet> _replicaSets;
    private readonly Informer<V1Pod> _pods;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;
    private readonly ReplicaSetWriter _writer;
    private readonly ResourceClient<V1Deployment, V1DeploymentList> _client;
    private readonly Claims<V1ReplicaSet, V1ReplicaSetList> _claims;

    public DeploymentController(ControllerContext context)
    {
        _context = context;
        _deployments = context.Informers.For(KubeResources.Deployments);
        _replicaSets = context.Informers.For(KubeResources.ReplicaSets);
        _pods = context.Informers.For(KubeResources.Pods);
        _pods.Cache.AddIndex(PodOwnerIndex, pod => ControllerRefs.Of(pod.Metadata) is { } owner ? [owner.Uid] : []);
        _queue = WorkQueue<string>.ForController(context.Time);
        _client = context.Client.For(KubeResources.Deployments);
        _claims = new Claims<V1ReplicaSet, V1ReplicaSetList>(context.Client.For(KubeResources.ReplicaSets));
        _writer = new ReplicaSetWriter(context.Client, context.Recorder("deployment-controller"), context.Time);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<DeploymentController>());

        _deployments.AddHandler(new InformerHandler<V1Deployment>(d => _queue.Add(ObjectKey.Of(d))));
        _replicaSets.AddHandler(new InformerHandler<V1ReplicaSet>(ReplicaSetChanged, (old, current) =>
        {
            if (old.Metadata.ResourceVersion == current.Metadata.ResourceVersion)
            {
                return;
            }
            if (OwnerKey(old) is { } previous && previous != OwnerKey(current))
            {
                _queue.Add(previous);
            }
            ReplicaSetChanged(current);
        }));
        _pods.AddHandler(new InformerHandler<V1Pod>(_ => { }, deleted: PodDeleted));
    }

    public string Name => "deployment-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(5, cancellationToken);

    private void ReplicaSetChanged(V1ReplicaSet rs)
    {
        if (OwnerKey(rs) is { } owner)
        {
            _queue.Add(owner);
            return;
        }
        if (ControllerRefs.Of(rs.Metadata) is not null)
        {
            return;
        }
        foreach (var d in _deployments.Cache.InNamespace(rs.Metadata.NamespaceProperty))
        {
            if (LabelSelector.From(d.Spec.Selector).Matches(rs.Metadata.Labels))
            {
                _queue.Add(ObjectKey.Of(d));
            }
        }
    }

    /// <summary>Recreate waits for old pods to be gone: their deletion is worth a look.</summary>
    private void PodDeleted(V1Pod pod)
    {
        if (ControllerRefs.OwnerKey(pod, "ReplicaSet") is { } rsKey && _replicaSets.Cache.Get(rsKey) is { } rs && OwnerKey(rs) is { } owner)
        {
            _queue.Add(owner);
        }
    }

    private string? OwnerKey(V1ReplicaSet rs)
    {
        var key = ControllerRefs.OwnerKey(rs, Kind);
        return key is not null && _deployments.Cache.Get(key)?.Metadata.Uid == ControllerRefs.Of(rs.Metadata)!.Uid ? key : null;
    }

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_deployments.Cache.Get(key) is not { } cached)
        {
            return;
        }
        var d = ModelCopy.Clone(cached, ModelJsonContext.Default.V1Deployment);
        var selector = LabelSelector.From(d.Spec.Selector);
        if (selector.IsEverything)
        {
            _writer.Events.Warning(KubeResources.Deployments, d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            return;
        }
        var replicaSets = await _claims.ClaimAsync(ControllerRefs.To("apps/v1", Kind, d.Metadata), d.Metadata.DeletionTimestamp is not null, selector,
            _replicaSets.Cache.InNamespace(d.Metadata.NamespaceProperty), ct => CanAdoptAsync(d, ct), cancellationToken);
        var rollout = new Rollout(d, replicaSets, _writer, _client, PodsOf, _context.Time);
        if (d.Metadata.DeletionTimestamp is not null)
        {
            await rollout.SyncStatusOnlyAsync(cancellationToken);
            return;
        }
        await rollout.CheckPausedConditionsAsync(cancellationToken);
        TimeSpan? recheck;
        if (d.Spec.Paused == true || await rollout.IsScalingEventAsync(cancellationToken))
        {
            recheck = await rollout.ScaleAsync(cancellationToken);
        }
        else if (d.Spec.Strategy?.Type == "Recreate")
        {
            recheck = await rollout.RecreateAsync(cancellationToken);
        }
        else
        {
            recheck = await rollout.RollingUpdateAsync(cancellationToken);
        }
        if (recheck is { } after)
        {
            _queue.AddAfter(key, after);
        }
    }

    private IReadOnlyList<V1Pod> PodsOf(V1ReplicaSet rs) => _pods.Cache.ByIndex(PodOwnerIndex, rs.Metadata.Uid);

    private Task<bool> CanAdoptAsync(V1Deployment cached, CancellationToken cancellationToken) => Adoption.OwnerStillActiveAsync(_client, cached, cancellationToken);
}
