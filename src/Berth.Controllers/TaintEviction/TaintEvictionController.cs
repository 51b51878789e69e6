using System.Collections.Concurrent;
using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Controllers.Machinery;
using Berth.Controllers.Pods;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.TaintEviction;

/// <summary>
/// Kube's taint eviction controller: pods on a node with NoExecute taints are deleted when a
/// taint is not tolerated, or once their tolerationSeconds have run out, after a
/// DisruptionTarget condition says why. Their controllers then replace them on other nodes. A
/// taint lifted in time cancels the eviction.
/// </summary>
public sealed class TaintEvictionController : IController
{
    private readonly ControllerContext _context;
    private readonly Informer<V1Node> _nodes;
    private readonly Informer<V1Pod> _pods;
    private readonly ResourceClient<V1Pod, V1PodList> _podClient;
    private readonly EventRecorder _events;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;
    private readonly ConcurrentDictionary<string, DateTime> _scheduled = new(StringComparer.Ordinal);

    public TaintEvictionController(ControllerContext context)
    {
        _context = context;
        _nodes = context.Informers.For(KubeResources.Nodes);
        _pods = context.Informers.For(KubeResources.Pods);
        PodIndexes.AddNodeIndex(_pods.Cache);
        _podClient = context.Client.For(KubeResources.Pods);
        _events = context.Recorder("taint-eviction-controller");
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<TaintEvictionController>());
        _pods.AddHandler(new InformerHandler<V1Pod>(pod =>
        {
            if (pod.Spec?.NodeName is { Length: > 0 })
            {
                _queue.Add(ObjectKey.Of(pod));
            }
        }));
        _nodes.AddHandler(new InformerHandler<V1Node>(EnqueuePodsOn, (old, current) =>
        {
            if (!SameNoExecuteTaints(old, current))
            {
                EnqueuePodsOn(current);
            }
        }, EnqueuePodsOn));
    }

    public string Name => "taint-eviction-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(4, cancellationToken);

    private void EnqueuePodsOn(V1Node node)
    {
        foreach (var pod in _pods.Cache.ByIndex(PodIndexes.ByNode, node.Metadata.Name))
        {
            _queue.Add(ObjectKey.Of(pod));
        }
    }

    private static bool SameNoExecuteTaints(V1Node old, V1Node current) =>
        TaintEvictionPlan.NoExecuteTaints(old).Select(t => (t.Key, t.Value, t.TimeAdded))
            .SequenceEqual(TaintEvictionPlan.NoExecuteTaints(current).Select(t => (t.Key, t.Value, t.TimeAdded)));

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var pod = _pods.Cache.Get(key);
        var now = _context.Time.GetUtcNow().UtcDateTime;
        if (pod?.Spec?.NodeName is not { Length: > 0 } nodeName || pod.Metadata.DeletionTimestamp is not null
            || _nodes.Cache.Get(nodeName) is not { } node
            || TaintEvictionPlan.EvictionTime(TaintEvictionPlan.NoExecuteTaints(node), pod.Spec.Tolerations, pod.Metadata.CreationTimestamp, now) is not { } when)
        {
            Cancel(key, pod);
            return;
        }
        if (when > now)
        {
            _scheduled[key] = when;
            _queue.AddAfter(key, when - now);
            return;
        }
        await EvictAsync(pod, now, cancellationToken);
        _scheduled.TryRemove(key, out _);
    }

    private async Task EvictAsync(V1Pod pod, DateTime now, CancellationToken cancellationToken)
    {
        var (ns, name) = (pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        _events.Normal(KubeResources.Pods, pod, "TaintManagerEviction", $"Marking for deletion Pod {ns}/{name}");
        try
        {
            await _podClient.PatchAsync(ns, name, PatchType.StrategicMerge,
                PodStatusPatches.Condition("DisruptionTarget", "True", "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint", now),
                cancellationToken, subresource: "status");
            await _podClient.DeleteAsync(ns, name, cancellationToken, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } });
        }
        catch (ApiStatusException gone) when (gone.IsNotFound || gone.IsConflict)
        {
            // Deleted, or replaced by a pod of the same name: nothing of ours to evict.
        }
    }

    private void Cancel(string key, V1Pod? pod)
    {
        if (_scheduled.TryRemove(key, out _) && pod is not null && pod.Metadata.DeletionTimestamp is null)
        {
            _events.Normal(KubeResources.Pods, pod, "TaintManagerEviction", $"Cancelling deletion of Pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}");
        }
    }
}
