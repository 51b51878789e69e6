using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using Berth.Controllers.Pods;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.NodeLifecycle;

/// <summary>
/// Kube's node lifecycle controller. Every monitor period it looks at each node's Lease and Ready
/// heartbeat: a node quiet past its grace period turns Ready=Unknown, its pods are marked not
/// ready, and it gets the unreachable (or, when the node says it is not ready, not-ready) NoExecute
/// taint, paced per zone and withheld when every zone has lost all its nodes, since then the
/// control plane is the likelier culprit. On every node change it keeps the NoSchedule taints in
/// line with the node's conditions and spec.unschedulable. The taint eviction controller does the
/// evicting.
/// </summary>
public sealed partial class NodeLifecycleController : IController
{
    private const string LeaseNamespace = "kube-node-lease";

    private readonly ControllerContext _context;
    private readonly NodeLifecycleOptions _options;
    private readonly Informer<V1Node> _nodes;
    private readonly Informer<V1Lease> _leases;
    private readonly Informer<V1Pod> _pods;
    private readonly ResourceClient<V1Node, V1NodeList> _nodeClient;
    private readonly ResourceClient<V1Pod, V1PodList> _podClient;
    private readonly EventRecorder _events;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;
    private readonly ILogger _logger;
    private readonly NodeProbes _probes = new();
    private readonly Dictionary<string, EvictionPace> _paces = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _lastReady = new(StringComparer.Ordinal);

    public NodeLifecycleController(ControllerContext context)
    {
        _context = context;
        _options = context.Options.NodeLifecycle;
        _nodes = context.Informers.For(KubeResources.Nodes);
        _leases = context.Informers.For(KubeResources.Leases);
        _pods = context.Informers.For(KubeResources.Pods);
        PodIndexes.AddNodeIndex(_pods.Cache);
        _nodeClient = context.Client.For(KubeResources.Nodes);
        _podClient = context.Client.For(KubeResources.Pods);
        _events = context.Recorder("node-controller");
        _queue = WorkQueue<string>.ForController(context.Time);
        _logger = context.LoggerFactory.CreateLogger<NodeLifecycleController>();
        _loop = new ReconcileLoop(Name, _queue, SyncNoScheduleTaintsAsync, _logger);
        _nodes.AddHandler(new InformerHandler<V1Node>(node => _queue.Add(node.Metadata.Name), deleted: _ => { }));
    }

    public string Name => "node-lifecycle-controller";

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(
            _loop.RunAsync(2, cancellationToken),
            Periodic.RunAsync(_options.MonitorPeriod, _context.Time, MonitorNodesAsync, LogMonitorFailed, cancellationToken));

    private async Task MonitorNodesAsync(CancellationToken cancellationToken)
    {
        var now = _context.Time.GetUtcNow().UtcDateTime;
        var nodes = _nodes.Cache.List().ToList();
        _probes.Retain(nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal));
        for (var i = 0; i < nodes.Count; i++)
        {
            nodes[i] = await UpdateHealthAsync(nodes[i], now, cancellationToken);
        }
        var zones = nodes.GroupBy(Zone).ToDictionary(
            zone => zone.Key,
            zone => (State: ZoneHealth.StateOf(zone.Count(IsReady), zone.Count(n => !IsReady(n)), _options.UnhealthyZoneThreshold), Size: zone.Count()));
        // Every zone without a ready node: the control plane, not the nodes, has most likely lost touch.
        var controlPlaneDisrupted = zones.Count > 0 && zones.Values.All(z => z.State == ZoneState.FullDisruption);
        foreach (var node in nodes)
        {
            var (state, size) = zones[Zone(node)];
            var rate = controlPlaneDisrupted ? 0 : ZoneHealth.EvictionRate(state, size, _options);
            await TaintForEvictionAsync(node, controlPlaneDisrupted ? null : ConditionTaints.WantedNoExecute(node), rate, now, cancellationToken);
        }
    }

    /// <summary>Marks a node that has been quiet too long Unknown, and its pods not ready.</summary>
    private async Task<V1Node> UpdateHealthAsync(V1Node node, DateTime now, CancellationToken cancellationToken)
    {
        var name = node.Metadata.Name;
        var lease = _leases.Cache.Get(LeaseNamespace, name);
        var heardAt = _probes.Observe(name, NodeHealth.Condition(node, NodeHealth.Ready)?.LastHeartbeatTime, lease?.Spec?.RenewTime, now);
        if (now - heardAt > NodeHealth.GracePeriod(node, _options) && NodeHealth.MarkUnknown(node, now) is { } conditions)
        {
            var quiet = ModelCopy.Clone(node, ModelJsonContext.Default.V1Node);
            quiet.Status ??= new V1NodeStatus();
            quiet.Status.Conditions = conditions;
            try
            {
                node = await _nodeClient.UpdateStatusAsync(quiet, cancellationToken);
            }
            catch (ApiStatusException stale) when (stale.IsConflict || stale.IsNotFound)
            {
                // The node spoke up or went away since the cache saw it: the next pass sees which.
                return node;
            }
        }
        var ready = NodeHealth.ReadyStatus(node);
        if (_lastReady.TryGetValue(name, out var previous) && previous != ready)
        {
            _events.Normal(KubeResources.Nodes, node, ready == "True" ? "NodeReady" : "NodeNotReady",
                $"Node {name} status is now: {(ready == "True" ? "NodeReady" : "NodeNotReady")}");
        }
        _lastReady[name] = ready;
        if (ready != "True")
        {
            await MarkPodsNotReadyAsync(node, now, cancellationToken);
        }
        return node;
    }

    private async Task MarkPodsNotReadyAsync(V1Node node, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var pod in _pods.Cache.ByIndex(PodIndexes.ByNode, node.Metadata.Name).Where(PodConditions.IsReady))
        {
            try
            {
                await _podClient.PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.StrategicMerge,
                    PodStatusPatches.Condition("Ready", "False", null, null, now), cancellationToken, subresource: "status");
                _events.Warning(KubeResources.Pods, pod, "NodeNotReady", "Node is not ready");
            }
            catch (ApiStatusException gone) when (gone.IsNotFound)
            {
            }
        }
    }

    private async Task TaintForEvictionAsync(V1Node node, string? wanted, double rate, DateTime now, CancellationToken cancellationToken)
    {
        var current = ConditionTaints.CurrentNoExecute(node)?.Key;
        if (current == wanted)
        {
            return;
        }
        // Lifting or swapping a taint is never held back; a new one waits its turn in the zone.
        if (wanted is not null && current is null && !Pace(Zone(node)).TryTake(rate, now))
        {
            return;
        }
        await UpdateTaintsAsync(node.Metadata.Name, fresh => wanted is null || ConditionTaints.WantedNoExecute(fresh) == wanted
            ? ConditionTaints.WithNoExecute(fresh, wanted, now)
            : null, cancellationToken);
    }

    private Task SyncNoScheduleTaintsAsync(string name, CancellationToken cancellationToken) =>
        _nodes.Cache.Get(name) is { } node && ConditionTaints.WithNoSchedule(node, ConditionTaints.WantedNoSchedule(node)) is not null
            ? UpdateTaintsAsync(name, fresh => ConditionTaints.WithNoSchedule(fresh, ConditionTaints.WantedNoSchedule(fresh)), cancellationToken)
            : Task.CompletedTask;

    /// <summary>Rewrites a node's taints from a fresh read, retrying on conflicts; <paramref name="change"/> returns null for no change.</summary>
    private async Task UpdateTaintsAsync(string name, Func<V1Node, List<V1Taint>?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await _nodeClient.TryGetAsync(null, name, cancellationToken) is not { } fresh || change(fresh) is not { } taints)
            {
                return;
            }
            fresh.Spec ??= new V1NodeSpec();
            fresh.Spec.Taints = taints.Count == 0 ? null : taints;
            try
            {
                await _nodeClient.UpdateAsync(fresh, cancellationToken);
                return;
            }
            catch (ApiStatusException conflict) when (conflict.IsConflict && attempt < 4)
            {
            }
        }
    }

    private EvictionPace Pace(string zone)
    {
        if (!_paces.TryGetValue(zone, out var pace))
        {
            _paces[zone] = pace = new EvictionPace();
        }
        return pace;
    }

    private static string Zone(V1Node node) =>
        node.Metadata.Labels is { } labels && labels.TryGetValue(ZoneHealth.ZoneLabel, out var zone) ? zone : "";

    private static bool IsReady(V1Node node) => NodeHealth.ReadyStatus(node) == "True";

    [LoggerMessage(Level = LogLevel.Warning, Message = "node-lifecycle-controller: monitoring nodes failed; trying again next period")]
    private partial void LogMonitorFailed(Exception ex);
}
