using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Client.Serialization;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.ServiceLoadBalancer;

/// <summary>
/// The built-in service load balancer (k3s' ServiceLB): a LoadBalancer Service without a loadBalancerClass gets the
/// ready nodes' addresses in status.loadBalancer.ingress (<see cref="LoadBalancerAddresses"/>), and every node's
/// service proxy sends those addresses' Service ports to the endpoints. The addresses follow the nodes; a Service
/// that stops being a LoadBalancer loses them.
/// </summary>
public sealed class ServiceLoadBalancerController : IController
{
    private readonly Informer<V1Service> _services;
    private readonly Informer<V1Node> _nodes;
    private readonly ResourceClient<V1Service, V1ServiceList> _client;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;

    public ServiceLoadBalancerController(ControllerContext context)
    {
        _services = context.Informers.For(KubeResources.Services);
        _nodes = context.Informers.For(KubeResources.Nodes);
        _client = context.Client.For(KubeResources.Services);
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = new ReconcileLoop(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<ServiceLoadBalancerController>());
        _services.AddHandler(new InformerHandler<V1Service>(s => _queue.Add(ObjectKey.Of(s)), deleted: _ => { }));
        _nodes.AddHandler(new InformerHandler<V1Node>(_ =>
        {
            foreach (var service in _services.Cache.List().Where(s => s.Spec?.Type == "LoadBalancer"))
            {
                _queue.Add(ObjectKey.Of(service));
            }
        }));
    }

    public string Name => "service-lb-controller";

    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(2, cancellationToken);

    private async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        // A Service with a loadBalancerClass belongs to another implementation, as kube's service controller leaves it.
        if (_services.Cache.Get(key) is not { } service || service.Spec?.LoadBalancerClass is not null)
        {
            return;
        }
        var wanted = service.Spec?.Type == "LoadBalancer" ? LoadBalancerAddresses.Of(_nodes.Cache.List()) : [];
        var current = (service.Status?.LoadBalancer?.Ingress ?? []).Select(i => i.Ip).ToList();
        if (current.SequenceEqual(wanted))
        {
            return;
        }
        var updated = ModelCopy.Clone(service, ModelJsonContext.Default.V1Service);
        updated.Status ??= new V1ServiceStatus();
        updated.Status.LoadBalancer = new V1LoadBalancerStatus
        {
            Ingress = wanted.Count == 0 ? null : [.. wanted.Select(ip => new V1LoadBalancerIngress { Ip = ip, IpMode = "VIP" })],
        };
        try
        {
            await _client.UpdateStatusAsync(updated, cancellationToken);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
        }
    }
}
