using Berth.Client.Events;
using Berth.Client.Informers;
using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Controllers.Machinery;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.NodeIpam;

/// <summary>
/// Kube's node-ipam controller with the range allocator: every Node without spec.podCIDR gets the next free subnet
/// of the cluster CIDR in spec.podCIDR and spec.podCIDRs, which its agent gives its pods and other nodes route to.
/// Subnets nodes already have are known from the informer before the first allocation; a deleted node's subnet is
/// freed. With the range used up the node waits, with kube's CIDRNotAvailable event, until one is freed.
/// </summary>
public sealed class NodeIpamController : IController
{
    private readonly Informer<V1Node> _nodes;
    private readonly ResourceClient<V1Node, V1NodeList> _client;
    private readonly PodCidrAllocator _allocator;
    private readonly EventRecorder _events;
    private readonly WorkQueue<string> _queue;
    private readonly ReconcileLoop _loop;

    public NodeIpamController(ControllerContext context)
    {
        _nodes = context.Informers.For(KubeResources.Nodes);
        _client = context.Client.For(KubeResources.Nodes);
        _allocator = new PodCidrAllocator(context.Options.NodeIpam.ClusterCidr);
        _events = context.Recorder("cidrAllocator");
        _queue = WorkQueue<string>.ForController(context.Time);
        _loop = ReconcileLoop.WithRetry(Name, _queue, SyncAsync, context.LoggerFactory.CreateLogger<NodeIpamController>());
        _nodes.AddHandler(new InformerHandler<V1Node>(Observe, deleted: Forget));
    }

    public string Name => "node-ipam-controller";

    // One worker: allocations are decided one at a time, so two nodes never race for the next subnet.
    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(1, cancellationToken);

    private void Observe(V1Node node)
    {
        if (node.Spec?.PodCIDR is { } subnet)
        {
            _allocator.Occupy(node.Metadata.Name, subnet);
        }
        else
        {
            _queue.Add(node.Metadata.Name);
        }
    }

    private void Forget(V1Node node)
    {
        if (node.Spec?.PodCIDR is { } subnet)
        {
            _allocator.Release(node.Metadata.Name, subnet);
        }
    }

    /// <summary>False (again later, with back-off) while the range is used up.</summary>
    private async Task<bool> SyncAsync(string name, CancellationToken cancellationToken)
    {
        if (_nodes.Cache.Get(name) is not { } node || node.Spec?.PodCIDR is not null)
        {
            return true;
        }
        if (_allocator.Allocate(name) is not { } subnet)
        {
            _events.Warning(KubeResources.Nodes, node, "CIDRNotAvailable", $"Node {name} status is now: CIDRNotAvailable");
            return false;
        }
        try
        {
            await _client.PatchAsync(null, name, PatchType.Merge, $$$"""{"spec":{"podCIDR":"{{{subnet}}}","podCIDRs":["{{{subnet}}}"]}}""", cancellationToken);
        }
        catch (ApiStatusException gone) when (gone.IsNotFound)
        {
            _allocator.Release(name, subnet);
        }
        return true;
    }
}
