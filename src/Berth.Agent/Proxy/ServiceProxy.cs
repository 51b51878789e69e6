using Berth.Client.Informers;
using Berth.Client.Rest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Proxy;

/// <summary>
/// The node's Service proxy (kube-proxy in nftables mode): follows Services, EndpointSlices and this Node through
/// informers and, after each change, renders every Service port (<see cref="ProxyRuleRenderer"/>) and writes what
/// differs to its table. A failed write is retried a second later as a full resync; stopping removes the table.
/// </summary>
public sealed class ServiceProxy(InformerFactory informers, ProxyTable table, ProxyRuleRenderer renderer, string nodeName, TimeProvider time, ILogger<ServiceProxy> logger)
{
    private const string ZoneLabel = "topology.kubernetes.io/zone";

    private readonly ChangeSignal _signal = new(time, logger);
    private readonly Informer<V1Service> _services = informers.For(KubeResources.Services);
    private readonly Informer<V1EndpointSlice> _slices = informers.For(KubeResources.EndpointSlices);
    private readonly Informer<V1Node> _nodes = informers.For(KubeResources.Nodes);

    /// <summary>Runs until cancelled (the informers must be run by their factory), then removes the table.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _services.AddHandler(new InformerHandler<V1Service>(_ => Changed()));
        _slices.AddHandler(new InformerHandler<V1EndpointSlice>(_ => Changed()));
        _nodes.AddHandler(new InformerHandler<V1Node>(n => { if (n.Name() == nodeName) { Changed(); } }));
        var synced = Task.WhenAll(_services.WaitForSyncAsync(cancellationToken), _slices.WaitForSyncAsync(cancellationToken), _nodes.WaitForSyncAsync(cancellationToken));
        await _signal.RunAsync(synced, SyncAsync, RemoveTableAsync, cancellationToken);
    }

    private void Changed() => _signal.Changed();

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        var zone = _nodes.Cache.Get(null, nodeName)?.Labels() is { } labels && labels.TryGetValue(ZoneLabel, out var value) ? value : null;
        var ruleset = renderer.Render(ProxyModel.Build(_services.Cache.List(), _slices.Cache.List()), zone);
        // A failed write is retried by the signal; the table then writes everything again.
        await table.ApplyAsync(ruleset, cancellationToken);
    }

    private Task RemoveTableAsync() => table.RemoveAsync(CancellationToken.None);
}
