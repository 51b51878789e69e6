using Berth.Client.Informers;
using Berth.Client.Rest;
using Berth.Controllers.Machinery;
using Berth.Controllers.Pods;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.PodGc;

/// <summary>
/// Kube's pod garbage collector: every period it force deletes the pods nothing else will finish —
/// finished pods beyond --terminated-pod-gc-threshold (oldest first), terminating pods on an
/// out-of-service node, pods bound to a node that has been gone for the quarantine (marked Failed
/// with DisruptionTarget/DeletionByPodGC first, so their controllers see why), and terminating pods
/// that were never bound.
/// </summary>
public sealed partial class PodGcController : IController
{
    private readonly ControllerContext _context;
    private readonly PodGcOptions _options;
    private readonly Informer<V1Pod> _pods;
    private readonly Informer<V1Node> _nodes;
    private readonly ResourceClient<V1Pod, V1PodList> _podClient;
    private readonly ResourceClient<V1Node, V1NodeList> _nodeClient;
    private readonly NodeQuarantine _quarantine;
    private readonly ILogger _logger;

    public PodGcController(ControllerContext context)
    {
        _context = context;
        _options = context.Options.PodGc;
        _pods = context.Informers.For(KubeResources.Pods);
        _nodes = context.Informers.For(KubeResources.Nodes);
        _podClient = context.Client.For(KubeResources.Pods);
        _nodeClient = context.Client.For(KubeResources.Nodes);
        _quarantine = new NodeQuarantine(_options.Quarantine);
        _logger = context.LoggerFactory.CreateLogger<PodGcController>();
    }

    public string Name => "pod-garbage-collector";

    public Task RunAsync(CancellationToken cancellationToken) =>
        Periodic.RunAsync(_options.Period, _context.Time, CollectAsync, LogPassFailed, cancellationToken);

    private async Task CollectAsync(CancellationToken cancellationToken)
    {
        var pods = _pods.Cache.List();
        var nodes = _nodes.Cache.List().ToDictionary(n => n.Metadata.Name, StringComparer.Ordinal);
        foreach (var pod in PodGcPlan.TerminatedOverThreshold(pods, _options.TerminatedPodThreshold))
        {
            await ForceDeleteAsync(pod, failedBecause: null, cancellationToken);
        }
        foreach (var pod in PodGcPlan.TerminatingOutOfService(pods, nodes))
        {
            await ForceDeleteAsync(pod, failedBecause: null, cancellationToken);
        }
        var gone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in _quarantine.Due(PodGcPlan.MissingNodes(pods, nodes), _context.Time.GetUtcNow().UtcDateTime))
        {
            // The cache may lag a node that came back: only the API's 404 makes its pods orphans.
            if (await _nodeClient.TryGetAsync(null, node, cancellationToken) is null)
            {
                gone.Add(node);
            }
        }
        foreach (var pod in PodGcPlan.BoundTo(pods, gone))
        {
            await ForceDeleteAsync(pod, failedBecause: "PodGC: node no longer exists", cancellationToken);
        }
        foreach (var pod in PodGcPlan.UnscheduledTerminating(pods))
        {
            await ForceDeleteAsync(pod, failedBecause: null, cancellationToken);
        }
    }

    /// <summary>
    /// Marks an unfinished pod Failed (with DisruptionTarget when <paramref name="failedBecause"/>
    /// says why), then deletes it without a grace period (markFailedAndDeletePodWithCondition).
    /// </summary>
    private async Task ForceDeleteAsync(V1Pod pod, string? failedBecause, CancellationToken cancellationToken)
    {
        var (ns, name) = (pod.Metadata.NamespaceProperty, pod.Metadata.Name);
        LogForceDeleting(ns, name);
        try
        {
            if (!PodConditions.IsTerminal(pod))
            {
                var now = _context.Time.GetUtcNow().UtcDateTime;
                var patch = failedBecause is null
                    ? PodStatusPatches.Failed(null, null, null, now)
                    : PodStatusPatches.Failed("DisruptionTarget", "DeletionByPodGC", failedBecause, now);
                await _podClient.PatchAsync(ns, name, PatchType.StrategicMerge, patch, cancellationToken, subresource: "status");
            }
            await _podClient.DeleteAsync(ns, name, cancellationToken, new V1DeleteOptions
            {
                GracePeriodSeconds = 0,
                Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid },
            });
        }
        catch (ApiStatusException gone) when (gone.IsNotFound || gone.IsConflict)
        {
            // Already gone, or a new pod by that name: not ours to delete.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PodGC is force deleting Pod {Namespace}/{Name}")]
    private partial void LogForceDeleting(string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "pod garbage collection pass failed")]
    private partial void LogPassFailed(Exception ex);
}
