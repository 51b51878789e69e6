using System.Net;
using k8s.Models;

namespace Berth.Controllers.Endpoints;

/// <summary>
/// A Service's core/v1 Endpoints (kube's endpoints controller): one subset per set of ports,
/// ready pods in addresses and the others in notReadyAddresses, terminating pods left out unless
/// publishNotReadyAddresses; at most <see cref="MaxAddresses"/> addresses, then truncated and
/// annotated as kube does.
/// </summary>
public static class EndpointsSubsets
{
    public const int MaxAddresses = 1000;
    public const string OverCapacityAnnotation = "endpoints.kubernetes.io/over-capacity";

    public static (List<V1EndpointSubset> Subsets, bool Truncated) For(V1Service service, IEnumerable<V1Pod> pods)
    {
        var groups = new Dictionary<string, (List<Corev1EndpointPort> Ports, List<V1EndpointAddress> Ready, List<V1EndpointAddress> NotReady)>(StringComparer.Ordinal);
        var headless = service.Spec.ClusterIP == "None";
        foreach (var pod in pods.Where(ServicePods.HasAddress))
        {
            var ports = ServicePods.PortsOf(pod, service);
            if (ports.Count == 0 && !(headless && (service.Spec.Ports?.Count ?? 0) == 0))
            {
                continue;
            }
            var (ready, _, terminating) = ServicePods.Conditions(pod, service);
            if (terminating && service.Spec.PublishNotReadyAddresses != true)
            {
                continue;
            }
            var key = string.Join(";", ports.Select(p => $"{p.Name}/{p.Protocol}/{p.Port}/{p.AppProtocol}").Order(StringComparer.Ordinal));
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = (ports.Select(p => new Corev1EndpointPort { Name = p.Name, Protocol = p.Protocol, Port = p.Port, AppProtocol = p.AppProtocol })
                    .OrderBy(p => p.Name, StringComparer.Ordinal).ToList(), [], []);
            }
            var address = new V1EndpointAddress
            {
                Ip = pod.Status.PodIP,
                Hostname = ServicePods.Hostname(pod, service),
                NodeName = string.IsNullOrEmpty(pod.Spec.NodeName) ? null : pod.Spec.NodeName,
                TargetRef = new V1ObjectReference { Kind = "Pod", NamespaceProperty = pod.Metadata.NamespaceProperty, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
            };
            (ready ? group.Ready : group.NotReady).Add(address);
        }

        var budget = MaxAddresses;
        var truncated = false;
        var subsets = new List<V1EndpointSubset>();
        foreach (var (_, (ports, ready, notReady)) in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var keptReady = ByAddress(ready).Take(budget).ToList();
            budget -= keptReady.Count;
            var keptNotReady = ByAddress(notReady).Take(budget).ToList();
            budget -= keptNotReady.Count;
            truncated |= keptReady.Count < ready.Count || keptNotReady.Count < notReady.Count;
            if (keptReady.Count + keptNotReady.Count == 0)
            {
                continue;
            }
            subsets.Add(new V1EndpointSubset
            {
                Addresses = keptReady.Count == 0 ? null : keptReady,
                NotReadyAddresses = keptNotReady.Count == 0 ? null : keptNotReady,
                Ports = ports.Count == 0 ? null : ports,
            });
        }
        return (subsets, truncated);
    }

    private static IEnumerable<V1EndpointAddress> ByAddress(IEnumerable<V1EndpointAddress> addresses) =>
        addresses.OrderBy(a => IPAddress.TryParse(a.Ip, out var ip) ? ip.GetAddressBytes() : [], ByteOrder.Instance).ThenBy(a => a.Ip, StringComparer.Ordinal);

    /// <summary>Orders addresses numerically, as kube sorts them.</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static ByteOrder Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => ((ReadOnlySpan<byte>)x).SequenceCompareTo(y);
    }
}
