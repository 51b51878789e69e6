using Berth.Client.Informers;
using Berth.Client.Rest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Networking;

/// <summary>
/// Follows the Nodes: this node's spec.podCIDR makes its <see cref="PodNetwork"/> (then <paramref name="networkReady"/>
/// reports the node Ready at once), and every node's pod CIDR keeps the routes to other nodes' pods and the masquerade
/// exceptions current. Level-triggered: each change recomputes everything; a failure is retried a second later. Stopping
/// removes the routes and the table.
/// </summary>
public sealed partial class PodNetworkController(
    InformerFactory informers, PodNetwork network, PodRouteTable routes, PodMasquerade masquerade, string nodeName,
    Func<CancellationToken, Task> networkReady, TimeProvider time, ILogger<PodNetworkController> logger)
{
    private readonly ChangeSignal _signal = new(time, logger);
    private readonly Informer<V1Node> _nodes = informers.For(KubeResources.Nodes);

    /// <summary>Runs until cancelled (the informers must be run by their factory).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _nodes.AddHandler(new InformerHandler<V1Node>(_ => Changed()));
        await _signal.RunAsync(_nodes.WaitForSyncAsync(cancellationToken), SyncAsync, RemoveAsync, cancellationToken);
    }

    private void Changed() => _signal.Changed();

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        var nodes = _nodes.Cache.List();
        var self = nodes.FirstOrDefault(n => n.Metadata.Name == nodeName);
        if (self?.Spec?.PodCIDR is { } podCidr && network.Configure(podCidr))
        {
            LogConfigured(network.BridgeName, network.PodCidr!);
            await networkReady(cancellationToken);
        }
        if (network.PodCidr is { } own)
        {
            await masquerade.ApplyAsync(own, ClusterPodCidrs.All(nodes), cancellationToken);
        }
        await routes.ApplyAsync(ClusterPodCidrs.Routes(nodes, nodeName), cancellationToken);
    }

    private async Task RemoveAsync()
    {
        await routes.RemoveAllAsync(CancellationToken.None);
        await masquerade.RemoveAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pods attach to bridge {Bridge} with addresses from {PodCidr}")]
    private partial void LogConfigured(string bridge, string podCidr);
}
