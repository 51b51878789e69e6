using System.Net;
using System.Net.Sockets;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.Endpoints;

/// <summary>
/// Mirrors the Endpoints of Services without a selector (written by users or other controllers)
/// into EndpointSlices (kube's endpointslice-mirroring-controller), so consumers of either API see
/// the same endpoints. Endpoints labelled <c>endpointslice.kubernetes.io/skip-mirror=true</c> are
/// not mirrored; at most <see cref="MaxMirrored"/> addresses are.
/// </summary>
public sealed class EndpointSliceMirroringController : IController
{
    public const string ManagedBy = "endpointslicemirroring-controller.k8s.io";
    public const string SkipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror";
    public const int MaxMirrored = 1000;
    private const string ServiceIndex = "mirrored-service";

    /// <summary>Labels of the Endpoints that are not carried over to the slices.</summary>
    private static readonly HashSet<string> NotMirroredLabels = [SkipMirrorLabel, EndpointSlicePlan.ManagedByLabel, EndpointSlicePlan.ServiceNameLabel];

    private readonly Informer<V1Service> _services;
    private readonly Informer<V1Endpoints> _endpoints;
    private readonly Informer<V1EndpointSlice> _slices;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;
    private readonly SliceWriter _writer;

    public EndpointSliceMirroringController(ControllerContext context)
    {
        _services = context.Informers.For(KubeResources.Services);
        _endpoints = context.Informers.For(KubeResources.Endpoints);
        _slices = context.Informers.For(KubeResources.EndpointSlices);
        _slices.Cache.AddIndex(ServiceIndex, slice => EndpointSlicePlan.ServiceKey(slice, ManagedBy) is { } service ? [service] : []);
        _writer = new SliceWriter(context.Client.For(KubeResources.EndpointSlices));
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<EndpointSliceMirroringController>());

        _services.AddHandler(new InformerHandler<V1Service>(s => _queue.Add(ObjectKey.Of(s))));
        _endpoints.AddHandler(new InformerHandler<V1Endpoints>(e => _queue.Add(ObjectKey.Of(e))));
        _slices.AddHandler(new InformerHandler<V1EndpointSlice>(slice =>
        {
            if (EndpointSlicePlan.ServiceKey(slice, ManagedBy) is { } service)
            {
                _queue.Add(service);
            }
        }));
    }

    public string Name => "endpointslice-mirroring-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(5, cancellationToken);


    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var existing = _slices.Cache.ByIndex(ServiceIndex, key);
        if (!_writer.CacheCaughtUp(key, existing))
        {
            return;
        }
        var endpoints = _endpoints.Cache.Get(key);
        var service = _services.Cache.Get(key);
        var wanted = endpoints is not null && service is not null && service.Spec.Selector is not { Count: > 0 }
            && endpoints.Metadata.Labels?.TryGetValue(SkipMirrorLabel, out var skip) != true;
        if (!wanted)
        {
            await _writer.DeleteAsync(key, existing, cancellationToken);
            return;
        }
        var labels = (endpoints!.Metadata.Labels ?? new Dictionary<string, string>()).Where(l => !NotMirroredLabels.Contains(l.Key)).ToDictionary(l => l.Key, l => l.Value);
        var owner = new SliceOwner(endpoints.Metadata.Name, endpoints.Metadata.NamespaceProperty, labels, ControllerRefs.To("v1", "Endpoints", endpoints.Metadata), ManagedBy);
        var changes = EndpointSlicePlan.Plan(owner, Mirror(endpoints), existing, placeholder: false);
        await _writer.ApplyAsync(key, changes, cancellationToken);
    }

    /// <summary>Every IPv4 address of every subset with that subset's ports, ready or not, up to the cap.</summary>
    private static IEnumerable<(List<Discoveryv1EndpointPort>, V1Endpoint)> Mirror(V1Endpoints endpoints) =>
        (endpoints.Subsets ?? []).SelectMany(subset =>
        {
            var ports = (subset.Ports ?? []).Select(p => new Discoveryv1EndpointPort { Name = p.Name ?? "", Protocol = p.Protocol ?? "TCP", Port = p.Port, AppProtocol = p.AppProtocol }).ToList();
            return (subset.Addresses ?? []).Select(a => (ports, Endpoint(a, true)))
                .Concat((subset.NotReadyAddresses ?? []).Select(a => (ports, Endpoint(a, false))));
        })
        .Where(e => IPAddress.TryParse(e.Item2.Addresses[0], out var ip) && ip.AddressFamily == AddressFamily.InterNetwork)
        .Take(MaxMirrored);

    private static V1Endpoint Endpoint(V1EndpointAddress address, bool ready) => new()
    {
        Addresses = [address.Ip],
        Conditions = new V1EndpointConditions { Ready = ready },
        Hostname = address.Hostname,
        NodeName = address.NodeName,
        TargetRef = address.TargetRef,
    };

}
