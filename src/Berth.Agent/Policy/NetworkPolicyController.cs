using Berth.Client.Informers;
using Berth.Client.Rest;
using Berth.Engine.Network;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Policy;

/// <summary>
/// Enforces NetworkPolicies on this node's pods: follows policies, every pod (peers live on any node) and namespaces
/// (their labels select peers); after each change renders the whole table (<see cref="PolicyRules"/>) and writes it
/// when it differs. Pods on one bridge reach each other through the bridge, which the IP forward hook sees only with
/// bridge netfilter on, so the controller turns it on (as k3s' agent does). Stopping removes the table.
/// </summary>
public sealed partial class NetworkPolicyController(InformerFactory informers, OwnedNftTable table, string nodeName, TimeProvider time, ILogger<NetworkPolicyController> logger)
{
    private const string BridgeNetfilter = "/proc/sys/net/bridge/bridge-nf-call-iptables";

    private readonly ChangeSignal _signal = new(time, logger);
    private readonly Informer<V1NetworkPolicy> _policies = informers.For(KubeResources.NetworkPolicies);
    private readonly Informer<V1Pod> _pods = informers.For(KubeResources.Pods);
    private readonly Informer<V1Namespace> _namespaces = informers.For(KubeResources.Namespaces);

    /// <summary>Runs until cancelled (the informers must be run by their factory), then removes the table.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await EnableBridgeNetfilterAsync(cancellationToken);
        _policies.AddHandler(new InformerHandler<V1NetworkPolicy>(_ => _signal.Changed()));
        _pods.AddHandler(new InformerHandler<V1Pod>(_ => _signal.Changed()));
        _namespaces.AddHandler(new InformerHandler<V1Namespace>(_ => _signal.Changed()));
        var synced = Task.WhenAll(_policies.WaitForSyncAsync(cancellationToken), _pods.WaitForSyncAsync(cancellationToken), _namespaces.WaitForSyncAsync(cancellationToken));
        await _signal.RunAsync(synced, SyncAsync, () => table.RemoveAsync(CancellationToken.None), cancellationToken);
    }

    private Task SyncAsync(CancellationToken cancellationToken)
    {
        var pods = PolicyModel.Build(_policies.Cache.List(), _pods.Cache.List(), _namespaces.Cache.List(), nodeName);
        return table.ReplaceAsync(PolicyRules.Script(table.Name, pods), cancellationToken);
    }

    private async Task EnableBridgeNetfilterAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!File.Exists(BridgeNetfilter))
            {
                await HostCommand.TryRunAsync("modprobe", ["br_netfilter"], null, cancellationToken);
            }
            await File.WriteAllTextAsync(BridgeNetfilter, "1", cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BerthException)
        {
            LogNoBridgeNetfilter(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "cannot turn on bridge netfilter ({Error}): network policies do not apply between pods of this node")]
    private partial void LogNoBridgeNetfilter(string error);
}
