using System.Globalization;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Selectors;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.Endpoints;

/// <summary>
/// Keeps each selector Service's EndpointSlices equal to the pods it selects (kube's
/// endpointslice-controller): addresses with ready/serving/terminating conditions, nodeName and
/// zone, ports resolved per pod, grouped and packed by <see cref="EndpointSlicePlan"/>.
/// </summary>
public sealed class EndpointSliceController : IController
{
    private const string ServiceIndex = "service";
    private const string ZoneLabel = "topology.kubernetes.io/zone";

    private readonly Informer<V1Service> _services;
    private readonly Informer<V1Pod> _pods;
    private readonly Informer<V1Node> _nodes;
    private readonly Informer<V1EndpointSlice> _slices;
    private readonly ResourceClient<V1EndpointSlice, V1EndpointSliceList> _client;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;
    private readonly SliceTracker _tracker = new();

    public EndpointSliceController(ControllerContext context)
    {
        _services = context.Informers.For(KubeResources.Services);
        _pods = context.Informers.For(KubeResources.Pods);
        _nodes = context.Informers.For(KubeResources.Nodes);
        _slices = context.Informers.For(KubeResources.EndpointSlices);
        _slices.Cache.AddIndex(ServiceIndex, slice => Managed(slice) && slice.Metadata.Labels.TryGetValue(EndpointSlicePlan.ServiceNameLabel, out var service)
            ? [ObjectKey.Of(slice.Metadata.NamespaceProperty, service)]
            : []);
        _client = context.Client.For(KubeResources.EndpointSlices);
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<EndpointSliceController>());

        _services.AddHandler(new InformerHandler<V1Service>(s => _queue.Add(ObjectKey.Of(s))));
        _pods.AddHandler(new ServiceLookup(_services).PodHandler(_queue.Add));
        _slices.AddHandler(new InformerHandler<V1EndpointSlice>(slice =>
        {
            if (Managed(slice) && slice.Metadata.Labels.TryGetValue(EndpointSlicePlan.ServiceNameLabel, out var service))
            {
                _queue.Add(ObjectKey.Of(slice.Metadata.NamespaceProperty, service));
            }
        }));
    }

    public string Name => "endpointslice-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(5, cancellationToken);

    private static bool Managed(V1EndpointSlice slice) =>
        slice.Metadata.Labels?.TryGetValue(EndpointSlicePlan.ManagedByLabel, out var by) == true && by == EndpointSlicePlan.ManagedBy;

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var existing = _slices.Cache.ByIndex(ServiceIndex, key);
        if (!_tracker.CaughtUp(key, existing.ToDictionary(s => s.Metadata.Uid, s => long.Parse(s.Metadata.ResourceVersion, CultureInfo.InvariantCulture))))
        {
            return;
        }
        if (_services.Cache.Get(key) is not { } service)
        {
            _tracker.Forget(key);
            return;
        }
        if (service.Spec.Selector is not { Count: > 0 } || service.Spec.Type == "ExternalName")
        {
            foreach (var slice in existing)
            {
                await DeleteAsync(key, slice, cancellationToken);
            }
            return;
        }
        var selector = LabelSelector.FromMap(service.Spec.Selector);
        var pods = _pods.Cache.InNamespace(service.Metadata.NamespaceProperty).Where(p => selector.Matches(p.Metadata.Labels));
        var changes = EndpointSlicePlan.Plan(service, pods, node => node is null ? null : _nodes.Cache.Get(node)?.Metadata.Labels?.TryGetValue(ZoneLabel, out var zone) == true ? zone : null, existing);
        foreach (var slice in changes.Create)
        {
            var created = await _client.CreateAsync(slice, cancellationToken);
            _tracker.Wrote(key, created.Metadata.Uid, long.Parse(created.Metadata.ResourceVersion, CultureInfo.InvariantCulture));
        }
        foreach (var slice in changes.Update)
        {
            var updated = await _client.UpdateAsync(slice, cancellationToken);
            _tracker.Wrote(key, updated.Metadata.Uid, long.Parse(updated.Metadata.ResourceVersion, CultureInfo.InvariantCulture));
        }
        foreach (var slice in changes.Delete)
        {
            await DeleteAsync(key, slice, cancellationToken);
        }
    }

    private async Task DeleteAsync(string key, V1EndpointSlice slice, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteAsync(slice.Metadata.NamespaceProperty, slice.Metadata.Name, cancellationToken,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = slice.Metadata.Uid } });
            _tracker.Wrote(key, slice.Metadata.Uid, -1);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }
}
