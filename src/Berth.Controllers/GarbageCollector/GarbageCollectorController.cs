using Berth.Client.Discovery;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Controllers.Machinery;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.GarbageCollector;

/// <summary>
/// Kube's garbage collector, as a client of the API: metadata informers over every resource that
/// can be listed, watched and deleted (from discovery, again every 30 s for new kinds) feed the
/// <see cref="OwnerGraph"/>; workers then delete objects whose owners are all gone (background
/// propagation), delete the dependents of owners deleting in the foreground and then remove
/// their foregroundDeletion finalizer once no blocking dependent is left, and strip the
/// references to owners deleting with orphan propagation before removing their orphan finalizer.
/// </summary>
public sealed partial class GarbageCollectorController : IController
{
    private static readonly TimeSpan DiscoveryPeriod = TimeSpan.FromSeconds(30);

    /// <summary>Events are not garbage collected (kube's default ignored resources).</summary>
    private static readonly HashSet<string> IgnoredResources = ["events", "events.events.k8s.io"];

    private readonly ControllerContext _context;
    private readonly ResourceDiscovery _discovery;
    private readonly ResourceMapper _mapper = new();
    private readonly OwnerGraph _graph;
    private readonly WorkQueue<string> _attemptToDelete;
    private readonly WorkQueue<string> _attemptToOrphan;
    private readonly GarbageProcessor _processor;
    private readonly ILogger _logger;

    public GarbageCollectorController(ControllerContext context)
    {
        _context = context;
        _discovery = new ResourceDiscovery(context.Client);
        _attemptToDelete = WorkQueue<string>.ForController(context.Time);
        _attemptToOrphan = WorkQueue<string>.ForController(context.Time);
        var absentOwners = new AbsentOwnerCache();
        _graph = new OwnerGraph(new QueuedWork(_attemptToDelete, _attemptToOrphan), absentOwners);
        _logger = context.LoggerFactory.CreateLogger<GarbageCollectorController>();
        _processor = new GarbageProcessor(_graph, new LiveObjects(context.Client, _mapper), absentOwners, _attemptToDelete.Add, _logger);
    }

    public string Name => "garbage-collector-controller";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var monitors = new ResourceMonitors(_context.Client, _context.Informers, _context.Time, _context.LoggerFactory, Handler);
        await SyncMonitorsAsync(monitors, await DiscoverAsync(cancellationToken), cancellationToken);
        await monitors.WaitForSyncAsync(cancellationToken);
        LogSynced(monitors.Resources.Count);
        var deleting = ReconcileLoop.WithRetry(Name, _attemptToDelete, _processor.AttemptToDeleteAsync, _logger).RunAsync(10, cancellationToken);
        var orphaning = ReconcileLoop.WithRetry(Name, _attemptToOrphan, _processor.AttemptToOrphanAsync, _logger).RunAsync(5, cancellationToken);
        try
        {
            while (true)
            {
                await Task.Delay(DiscoveryPeriod, _context.Time, cancellationToken);
                await SyncMonitorsAsync(monitors, await DiscoverAsync(cancellationToken), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(deleting, orphaning);
    }

    /// <summary>The resources to follow; discovery is retried until some group answers.</summary>
    private async Task<IReadOnlyList<DiscoveredResource>> DiscoverAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var result = await _discovery.PreferredResourcesAsync(cancellationToken);
                if (result.FailedGroups.Count > 0)
                {
                    LogPartialDiscovery(result.FailureMessage);
                }
                if (result.Resources.Count > 0)
                {
                    return result.Resources;
                }
            }
            catch (Exception ex) when (ex is Client.Rest.ApiStatusException or HttpRequestException)
            {
                LogDiscoveryFailed(ex);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), _context.Time, cancellationToken);
        }
    }

    private async Task SyncMonitorsAsync(ResourceMonitors monitors, IReadOnlyList<DiscoveredResource> resources, CancellationToken cancellationToken)
    {
        _mapper.Update(resources);
        await monitors.SyncAsync(resources.Where(r => r.Supports("delete", "list", "watch") && !IgnoredResources.Contains(r.GroupResource)), cancellationToken);
    }

    private InformerHandler<IKubernetesObject<V1ObjectMeta>> Handler(DiscoveredResource resource)
    {
        ObjectIdentity Identity(IKubernetesObject<V1ObjectMeta> obj) =>
            new(resource.ApiVersion, resource.Kind, resource.Namespaced ? obj.Metadata.NamespaceProperty : null, obj.Metadata.Name, obj.Metadata.Uid);
        return new InformerHandler<IKubernetesObject<V1ObjectMeta>>(
            changed: obj => _graph.Observe(Identity(obj), null, obj.Metadata),
            updated: (old, current) =>
            {
                if (old.Metadata.ResourceVersion != current.Metadata.ResourceVersion)
                {
                    _graph.Observe(Identity(current), old.Metadata, current.Metadata);
                }
            },
            deleted: obj => _graph.Remove(Identity(obj)));
    }

    private sealed class QueuedWork(WorkQueue<string> attemptToDelete, WorkQueue<string> attemptToOrphan) : IGraphWork
    {
        public void AttemptToDelete(string uid) => attemptToDelete.Add(uid);

        public void AttemptToOrphan(string uid) => attemptToOrphan.Add(uid);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collector: all {Count} resource monitors have synced")]
    private partial void LogSynced(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: {Message}")]
    private partial void LogPartialDiscovery(string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collector: discovery failed; retrying")]
    private partial void LogDiscoveryFailed(Exception ex);
}
