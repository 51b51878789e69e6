using Berth.ApiServer.Allocation;
using Berth.ApiServer.Objects;
using Berth.Storage;

namespace Berth.ApiServer.ControlPlane;

/// <summary>
/// kube's cluster IP and node port repair: an allocation no stored Service holds (its server died
/// between claiming and storing the Service) is given back once it was seen leaked on two runs in a
/// row, so a create in flight during one run never loses its claim.
/// </summary>
public sealed class AllocationRepair(IKeyValueStore store, ServiceAllocations allocations)
{
    public const string ServicesPrefix = "/registry/core/services/";

    /// <summary>How often the repair runs (kube's is every 3 minutes).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(3);

    private HashSet<string> _leakedBefore = [];

    /// <summary>Gives back what was leaked on this and the previous run; returns what is leaked now.</summary>
    public async Task<IReadOnlySet<string>> RunAsync(CancellationToken cancellationToken)
    {
        var heldIps = new HashSet<string>(StringComparer.Ordinal);
        var heldPorts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kv in (await store.ListAsync(ServicesPrefix, cancellationToken: cancellationToken)).Items)
        {
            var (ips, ports) = ServiceAllocations.Held(ObjectCodec.Decode(kv));
            heldIps.UnionWith(ips);
            heldPorts.UnionWith(ports);
        }
        var leaked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (range, held, kind) in new[] { (allocations.Ips, heldIps, "ip"), (allocations.NodePorts, heldPorts, "port") })
        {
            foreach (var item in (await range.ClaimedAsync(cancellationToken)).Keys.Where(i => !held.Contains(i)))
            {
                if (_leakedBefore.Contains($"{kind}/{item}"))
                {
                    await range.ReleaseAsync(item, cancellationToken);
                }
                else
                {
                    leaked.Add($"{kind}/{item}");
                }
            }
        }
        _leakedBefore = leaked;
        return leaked;
    }
}
