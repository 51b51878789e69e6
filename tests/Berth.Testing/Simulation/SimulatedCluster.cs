using System.Collections.Concurrent;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Testing.Simulation;

/// <summary>
/// Simulated nodes, as kubemark's hollow nodes: each is a Node object with capacity and a Lease in
/// kube-node-lease renewed every 10 s, and one simulated kubelet for all of them that moves pods
/// bound to a live node to the status <see cref="Outcomes"/> chooses (Running and Ready by
/// default) and finishes the graceful deletion of their pods. A node whose heartbeat is stopped
/// stops renewing and its kubelet stops acting, as a dead machine does. Everything goes through
/// the API server, as a real agent would.
/// </summary>
public sealed class SimulatedCluster : IAsyncDisposable
{
    private readonly ApiClient _client;
    private readonly ResourceClient<V1Node, V1NodeList> _nodes;
    private readonly ResourceClient<V1Lease, V1LeaseList> _leases;
    private readonly ResourceClient<V1Pod, V1PodList> _pods;
    private readonly Informer<V1Pod> _podInformer;
    private readonly WorkQueue<string> _queue = WorkQueue<string>.ForController(TimeProvider.System);
    private readonly ConcurrentDictionary<string, int> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _registered = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _leaseRenewal;
    private readonly List<Task> _loops = [];
    private int _nextNode;
    private int _nextPod;

    public SimulatedCluster(ApiClient client, TimeSpan? leaseRenewal = null)
    {
        _client = client;
        _nodes = client.For(KubeResources.Nodes);
        _leases = client.For(KubeResources.Leases);
        _pods = client.For(KubeResources.Pods);
        _leaseRenewal = leaseRenewal ?? TimeSpan.FromSeconds(10);
        _podInformer = new Informer<V1Pod>("simulated-kubelet", new ResourceListWatch<V1Pod, V1PodList>(_pods), TimeSpan.Zero,
            TimeProvider.System, NullLogger.Instance);
        _podInformer.AddHandler(new InformerHandler<V1Pod>(pod =>
        {
            if (pod.Spec?.NodeName is { } node && _live.ContainsKey(node))
            {
                _queue.Add(ObjectKey.Of(pod));
            }
        }));
    }

    /// <summary>
    /// A pod label that chooses its outcome without code: <c>not-ready</c>, <c>succeed</c>,
    /// <c>fail</c> or <c>pending</c>; anything else (or none) runs and is ready.
    /// </summary>
    public const string OutcomeLabel = "sim.berth.dev/outcome";

    /// <summary>What the kubelet makes of each pod it runs: by <see cref="OutcomeLabel"/> unless a test says otherwise.</summary>
    public Func<V1Pod, PodOutcome> Outcomes { get; set; } = ByLabel;

    public static PodOutcome ByLabel(V1Pod pod) =>
        (pod.Metadata.Labels is { } labels && labels.TryGetValue(OutcomeLabel, out var outcome) ? outcome : null) switch
        {
            "not-ready" => new PodOutcome.Run(Ready: false),
            "succeed" => new PodOutcome.Succeed(),
            "fail" => new PodOutcome.Fail(),
            "pending" => new PodOutcome.StayPending(),
            _ => new PodOutcome.Run(),
        };

    public IReadOnlyCollection<string> LiveNodes => [.. _live.Keys];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _loops.Add(Task.Run(() => _podInformer.RunAsync(_stop.Token)));
        _loops.Add(Task.Run(() => WorkAsync(_stop.Token)));
        _loops.Add(Task.Run(() => WorkAsync(_stop.Token)));
        _loops.Add(Task.Run(() => RenewLeasesAsync(_stop.Token)));
        await _podInformer.WaitForSyncAsync(cancellationToken);
    }

    /// <summary>Registers a node (Node with status, then its Lease) and starts its heartbeat.</summary>
    public async Task AddNodeAsync(SimulatedNodeSpec spec, CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref _nextNode);
        var created = await _nodes.CreateAsync(SimulatedNodeObjects.Node(spec, index, DateTime.UtcNow), cancellationToken);
        await WriteStatusAsync(spec.Name, n => n.Status = SimulatedNodeObjects.Node(spec, index, DateTime.UtcNow).Status, cancellationToken);
        await _leases.CreateAsync(SimulatedNodeObjects.Lease(created, _leaseRenewal, DateTime.UtcNow), cancellationToken);
        _registered[spec.Name] = index;
        _live[spec.Name] = index;
        foreach (var pod in _podInformer.Cache.List().Where(p => p.Spec?.NodeName == spec.Name))
        {
            _queue.Add(ObjectKey.Of(pod));
        }
    }

    /// <summary>Looks at every pod on a live node again, as after a change of <see cref="Outcomes"/>.</summary>
    public void Resync()
    {
        foreach (var pod in _podInformer.Cache.List().Where(p => p.Spec?.NodeName is { } node && _live.ContainsKey(node)))
        {
            _queue.Add(ObjectKey.Of(pod));
        }
    }

    /// <summary>The node's lease is no longer renewed and its pods are left as they are: a dead machine.</summary>
    public void StopHeartbeat(string node) => _live.TryRemove(node, out _);

    /// <summary>A stopped node comes back: its kubelet posts fresh conditions (Ready), renews its lease again and looks at its pods.</summary>
    public async Task ResumeHeartbeatAsync(string node, CancellationToken cancellationToken)
    {
        var index = _registered[node];
        await WriteStatusAsync(node, n => n.Status.Conditions = SimulatedNodeObjects.Node(new SimulatedNodeSpec { Name = node }, index, DateTime.UtcNow).Status.Conditions,
            cancellationToken);
        _live[node] = index;
        foreach (var pod in _podInformer.Cache.List().Where(p => p.Spec?.NodeName == node))
        {
            _queue.Add(ObjectKey.Of(pod));
        }
    }

    /// <summary>Changes the node's status from a fresh read, again when a controller (node-ipam, lifecycle) wrote the Node meanwhile.</summary>
    private async Task WriteStatusAsync(string node, Action<V1Node> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await _nodes.GetAsync(null, node, cancellationToken);
            change(current);
            try
            {
                await _nodes.UpdateStatusAsync(current, cancellationToken);
                return;
            }
            catch (ApiStatusException conflict) when (conflict.IsConflict && attempt < 5)
            {
            }
        }
    }

    /// <summary>Removes the node from the cluster (its Node object and Lease).</summary>
    public async Task RemoveNodeAsync(string node, CancellationToken cancellationToken)
    {
        StopHeartbeat(node);
        await _nodes.DeleteAsync(null, node, cancellationToken);
        try
        {
            await _leases.DeleteAsync("kube-node-lease", node, cancellationToken);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }

    /// <summary>Ends a running pod with this exit code (a crash the test asks for).</summary>
    public async Task FailPodAsync(string ns, string name, int exitCode, CancellationToken cancellationToken)
    {
        var pod = await _pods.GetAsync(ns, name, cancellationToken);
        pod.Status = SimulatedPodStatus.For(pod, new PodOutcome.Fail(exitCode), pod.Status?.HostIP ?? "", pod.Status?.PodIP ?? "", DateTime.UtcNow);
        await _pods.UpdateStatusAsync(pod, cancellationToken);
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        using var shutdown = cancellationToken.Register(_queue.ShutDown);
        while (await _queue.TakeAsync(CancellationToken.None) is { } key)
        {
            try
            {
                await SyncPodAsync(key, cancellationToken);
                _queue.Forget(key);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _queue.AddRateLimited(key);
            }
            catch (Exception)
            {
                return;
            }
            finally
            {
                _queue.Done(key);
            }
        }
    }

    private async Task SyncPodAsync(string key, CancellationToken cancellationToken)
    {
        if (_podInformer.Cache.Get(key) is not { } pod || !_live.TryGetValue(pod.Spec.NodeName, out var nodeIndex))
        {
            return;
        }
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            try
            {
                await _pods.DeleteAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, cancellationToken,
                    new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } });
            }
            catch (ApiStatusException gone) when (gone.IsNotFound || gone.IsConflict)
            {
            }
            return;
        }
        if (pod.Status?.ContainerStatuses is { Count: > 0 } || Outcomes(pod) is not { } outcome || outcome is PodOutcome.StayPending)
        {
            return;
        }
        var podIndex = Interlocked.Increment(ref _nextPod);
        var copy = ModelCopy.Clone(pod, ModelJsonContext.Default.V1Pod);
        copy.Status = SimulatedPodStatus.For(pod, outcome, SimulatedNodeObjects.Address(nodeIndex), $"10.42.{(podIndex >> 8) & 255}.{podIndex & 255}", DateTime.UtcNow);
        try
        {
            await _pods.UpdateStatusAsync(copy, cancellationToken);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }

    /// <summary>One loop renews every live node's lease once per period, spread over the period.</summary>
    private async Task RenewLeasesAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = DateTime.UtcNow;
            foreach (var node in _live.Keys)
            {
                try
                {
                    var lease = await _leases.GetAsync("kube-node-lease", node, cancellationToken);
                    lease.Spec.RenewTime = DateTime.UtcNow;
                    await _leases.UpdateAsync(lease, cancellationToken);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }
            var rest = _leaseRenewal - (DateTime.UtcNow - started);
            await Task.Delay(rest > TimeSpan.Zero ? rest : TimeSpan.Zero, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _queue.ShutDown();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _queue.Dispose();
        _stop.Dispose();
    }
}
