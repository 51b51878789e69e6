using Berth.Client.Rest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Berth.Agent.Nodes;

/// <summary>
/// The node's heartbeat: the Lease kube-node-lease/NODE (40 s duration) renewed every 10 s, owned by
/// the Node so it goes with it (kubelet's nodelease controller). A failed renewal is retried sooner,
/// from a fresh read after a conflict.
/// </summary>
public sealed partial class NodeLeaseRenewer(ApiClient client, AgentOptions options, TimeProvider time, ILogger<NodeLeaseRenewer> logger)
{
    public const string Namespace = "kube-node-lease";

    private static readonly TimeSpan MinRetry = TimeSpan.FromMilliseconds(200);

    private readonly ResourceClient<V1Lease, V1LeaseList> _leases = client.For(KubeResources.Leases);
    private V1Lease? _lease;

    public async Task RunAsync(V1Node node, CancellationToken cancellationToken)
    {
        var retry = MinRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = options.LeaseRenewInterval;
            try
            {
                await RenewAsync(node, cancellationToken);
                retry = MinRetry;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogRenewFailed(e);
                _lease = null;
                wait = retry < options.LeaseRenewInterval ? retry : options.LeaseRenewInterval;
                retry *= 2;
            }
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RenewAsync(V1Node node, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        _lease ??= await _leases.TryGetAsync(Namespace, options.NodeName, cancellationToken);
        if (_lease is null)
        {
            _lease = await _leases.CreateAsync(NewLease(node, now), cancellationToken);
            return;
        }
        _lease.Spec.HolderIdentity = options.NodeName;
        _lease.Spec.LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds;
        _lease.Spec.RenewTime = now;
        _lease = await _leases.UpdateAsync(_lease, cancellationToken);
    }

    private V1Lease NewLease(V1Node node, DateTime now) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = options.NodeName,
            NamespaceProperty = Namespace,
            OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = node.Metadata.Name, Uid = node.Metadata.Uid }],
        },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = options.NodeName,
            LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
            RenewTime = now,
        },
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "node lease renewal failed")]
    private partial void LogRenewFailed(Exception error);
}
