using System.Text.Json;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Selectors;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.Endpoints;

/// <summary>
/// Keeps each selector Service's core/v1 Endpoints (same name) equal to the pods it selects (kube's
/// endpoint-controller), and deletes Endpoints whose Service is gone. Endpoints of Services without
/// a selector belong to their users and are left alone.
/// </summary>
public sealed class EndpointsController : IController
{
    private readonly Informer<V1Service> _services;
    private readonly Informer<V1Pod> _pods;
    private readonly Informer<V1Endpoints> _endpoints;
    private readonly ResourceClient<V1Endpoints, V1EndpointsList> _client;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;

    public EndpointsController(ControllerContext context)
    {
        _services = context.Informers.For(KubeResources.Services);
        _pods = context.Informers.For(KubeResources.Pods);
        _endpoints = context.Informers.For(KubeResources.Endpoints);
        _client = context.Client.For(KubeResources.Endpoints);
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<EndpointsController>());

        _services.AddHandler(new InformerHandler<V1Service>(s => _queue.Add(ObjectKey.Of(s))));
        _pods.AddHandler(new ServiceLookup(_services).PodHandler(_queue.Add));
        _endpoints.AddHandler(new InformerHandler<V1Endpoints>(e => _queue.Add(ObjectKey.Of(e))));
    }

    public string Name => "endpoint-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(5, cancellationToken);

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = ObjectKey.Split(key);
        var current = _endpoints.Cache.Get(key);
        if (_services.Cache.Get(key) is not { } service)
        {
            if (current is not null)
            {
                await DeleteAsync(ns, name, cancellationToken);
            }
            return;
        }
        if (service.Spec.Selector is not { Count: > 0 } || service.Spec.Type == "ExternalName")
        {
            return;
        }
        var selector = LabelSelector.FromMap(service.Spec.Selector);
        var (subsets, truncated) = EndpointsSubsets.For(service, _pods.Cache.InNamespace(ns!).Where(p => selector.Matches(p.Metadata.Labels)));
        var desired = Desired(service, subsets, truncated, current);
        if (current is not null && Same(current, desired))
        {
            return;
        }
        try
        {
            if (current is null)
            {
                await _client.CreateAsync(desired, cancellationToken);
            }
            else
            {
                await _client.UpdateAsync(desired, cancellationToken);
            }
        }
        catch (ApiStatusException exists) when (exists.IsAlreadyExists)
        {
            // The cache had not seen our last create: read it and write over it.
            var stored = await _client.GetAsync(ns, name, cancellationToken);
            await _client.UpdateAsync(Desired(service, subsets, truncated, stored), cancellationToken);
        }
    }

    private static V1Endpoints Desired(V1Service service, List<V1EndpointSubset> subsets, bool truncated, V1Endpoints? current)
    {
        var metadata = current is null
            ? new V1ObjectMeta { Name = service.Metadata.Name, NamespaceProperty = service.Metadata.NamespaceProperty }
            : ModelCopy.Clone(current.Metadata, ModelJsonContext.Default.V1ObjectMeta);
        metadata.Labels = new Dictionary<string, string>(service.Metadata.Labels ?? new Dictionary<string, string>());
        if (service.Spec.ClusterIP == "None")
        {
            metadata.Labels["service.kubernetes.io/headless"] = "";
        }
        var annotations = metadata.Annotations is null ? new Dictionary<string, string>() : new Dictionary<string, string>(metadata.Annotations);
        annotations.Remove(EndpointsSubsets.OverCapacityAnnotation);
        if (truncated)
        {
            annotations[EndpointsSubsets.OverCapacityAnnotation] = "truncated";
        }
        metadata.Annotations = annotations.Count == 0 ? null : annotations;
        return new V1Endpoints { ApiVersion = "v1", Kind = "Endpoints", Metadata = metadata, Subsets = subsets.Count == 0 ? null : subsets };
    }

    private static bool Same(V1Endpoints a, V1Endpoints b) =>
        JsonSerializer.Serialize(a.Subsets ?? [], ModelJsonContext.Default.IListV1EndpointSubset) == JsonSerializer.Serialize(b.Subsets ?? [], ModelJsonContext.Default.IListV1EndpointSubset)
        && (a.Metadata.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key).SequenceEqual((b.Metadata.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key))
        && (a.Metadata.Annotations?.ContainsKey(EndpointsSubsets.OverCapacityAnnotation) ?? false) == (b.Metadata.Annotations?.ContainsKey(EndpointsSubsets.OverCapacityAnnotation) ?? false);

    private async Task DeleteAsync(string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteAsync(ns, name, cancellationToken);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }
}
