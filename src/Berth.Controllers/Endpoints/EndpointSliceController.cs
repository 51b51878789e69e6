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
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;
    private readonly SliceWriter _writer;

    public EndpointSliceController(ControllerContext context)
    {
        _services = context.Informers.For(KubeResources.Services);
        _pods = context.Informers.For(KubeResources.Pods);
        _nodes = context.Informers.For(KubeResources.Nodes);
        _slices = context.Informers.For(KubeResources.EndpointSlices);
        _slices.Cache.AddIndex(ServiceIndex, slice => EndpointSlicePlan.ServiceKey(slice, EndpointSlicePlan.ManagedBy) is { } service ? [service] : []);
        _writer = new SliceWriter(context.Client.For(KubeResources.EndpointSlices));
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<EndpointSliceController>());

        _services.AddHandler(new InformerHandler<V1Service>(s => _queue.Add(ObjectKey.Of(s))));
        _pods.AddHandler(new ServiceLookup(_services).PodHandler(_queue.Add));
        _slices.AddHandler(new InformerHandler<V1EndpointSlice>(slice =>
        {
            if (EndpointSlicePlan.ServiceKey(slice, EndpointSlicePlan.ManagedBy) is { } service)
            {
                _queue.Add(service);
            }
        }));
    }

    public string Name => "endpointslice-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(5, cancellationToken);


    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var existing = _slices.Cache.ByIndex(ServiceIndex, key);
        if (!_writer.CacheCaughtUp(key, existing))
        {
            return;
        }
        if (_services.Cache.Get(key) is not { } service)
        {
            _writer.Forget(key);
            return;
        }
        if (service.Spec.Selector is not { Count: > 0 } || service.Spec.Type == "ExternalName")
        {
            await _writer.DeleteAsync(key, existing, cancellationToken);
            return;
        }
        var selector = LabelSelector.FromMap(service.Spec.Selector);
        var pods = _pods.Cache.InNamespace(service.Metadata.NamespaceProperty).Where(p => selector.Matches(p.Metadata.Labels));
        var changes = EndpointSlicePlan.Plan(service, pods, node => node is null ? null : _nodes.Cache.Get(node)?.Metadata.Labels?.TryGetValue(ZoneLabel, out var zone) == true ? zone : null, existing);
        await _writer.ApplyAsync(key, changes, cancellationToken);
    }
}
