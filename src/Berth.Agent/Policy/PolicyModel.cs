using System.Globalization;
using System.Net;
using Berth.Client.Selectors;
using k8s.Models;

namespace Berth.Agent.Policy;

/// <summary>
/// NetworkPolicies → what each of this node's pods may exchange (networking.k8s.io/v1 semantics): a pod selected by a
/// policy of its namespace is isolated in that policy's directions (policyTypes; Ingress, plus Egress when the policy
/// has egress rules, if unset), and then takes only the traffic some selecting policy's rule allows, the union of them
/// all. Peers are pods (podSelector in the policy's namespace, namespaceSelector across namespaces, or both) and
/// ipBlocks; ports are numbers, ranges (endPort) or names of the receiving pod's container ports. Pods on the host's
/// network are never isolated (kube leaves them undefined); finished pods and pods without an address are no peers.
/// </summary>
public static class PolicyModel
{
    private const string Ingress = "Ingress";
    private const string Egress = "Egress";

    public static IReadOnlyList<IsolatedPod> Build(IEnumerable<V1NetworkPolicy> policies, IEnumerable<V1Pod> pods, IEnumerable<V1Namespace> namespaces, string nodeName)
    {
        var peers = pods.Where(p => p.Status?.PodIP is not null && p.Status.Phase is not ("Succeeded" or "Failed") && p.Spec?.HostNetwork != true).ToList();
        var namespaceLabels = namespaces.ToDictionary(n => n.Name(), n => n.Labels(), StringComparer.Ordinal);
        var policiesByNamespace = policies.Where(p => p.Spec is not null).ToLookup(p => p.Namespace());
        var isolated = new List<IsolatedPod>();
        foreach (var pod in peers.Where(p => p.Spec.NodeName == nodeName))
        {
            List<PolicyMatch>? ingress = null;
            List<PolicyMatch>? egress = null;
            foreach (var policy in policiesByNamespace[pod.Namespace()].Where(p => LabelSelector.From(p.Spec.PodSelector ?? new()).Matches(pod.Labels())))
            {
                var scope = new PeerScope(policy.Namespace(), peers, namespaceLabels);
                var types = PolicyTypes(policy.Spec);
                if (types.Contains(Ingress))
                {
                    ingress ??= [];
                    foreach (var rule in policy.Spec.Ingress ?? [])
                    {
                        ingress.AddRange(Matches(scope.Resolve(rule.FromProperty), rule.Ports, pod, receiverIsPeer: false));
                    }
                }
                if (types.Contains(Egress))
                {
                    egress ??= [];
                    foreach (var rule in policy.Spec.Egress ?? [])
                    {
                        egress.AddRange(Matches(scope.Resolve(rule.To), rule.Ports, pod, receiverIsPeer: true));
                    }
                }
            }
            if (ingress is not null || egress is not null)
            {
                isolated.Add(new IsolatedPod(pod.Namespace(), pod.Name(), pod.Status.PodIP, ingress, egress));
            }
        }
        return isolated;
    }

    private static IReadOnlyCollection<string> PolicyTypes(V1NetworkPolicySpec spec) =>
        spec.PolicyTypes is { Count: > 0 } types ? [.. types] : spec.Egress is { Count: > 0 } ? [Ingress, Egress] : [Ingress];

    /// <summary>One match per peer and port; a named port is looked up on the pod that receives the traffic.</summary>
    private static IEnumerable<PolicyMatch> Matches(Peers peers, IList<V1NetworkPolicyPort>? ports, V1Pod pod, bool receiverIsPeer)
    {
        if (ports is not { Count: > 0 })
        {
            return peers.Matches(null);
        }
        var matches = new List<PolicyMatch>();
        foreach (var port in ports)
        {
            var protocol = (port.Protocol ?? "TCP").ToLowerInvariant();
            var text = port.Port?.Value;
            if (text is null || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                var number = text is null ? (int?)null : int.Parse(text, CultureInfo.InvariantCulture);
                matches.AddRange(peers.Matches(new PolicyPort(protocol, number, number is null ? null : port.EndPort)));
            }
            else if (receiverIsPeer)
            {
                matches.AddRange(peers.MatchesOnNamedPort(protocol, text));
            }
            else if (NamedPort(pod, protocol, text) is { } number)
            {
                matches.AddRange(peers.Matches(new PolicyPort(protocol, number, null)));
            }
        }
        return matches;
    }

    internal static int? NamedPort(V1Pod pod, string protocol, string name) =>
        (pod.Spec.Containers ?? []).SelectMany(c => c.Ports ?? [])
            .FirstOrDefault(p => p.Name == name && (p.Protocol ?? "TCP").Equals(protocol, StringComparison.OrdinalIgnoreCase))?.ContainerPort;

    /// <summary>Resolves a rule's peers within a policy's namespace.</summary>
    private sealed class PeerScope(string policyNamespace, IReadOnlyList<V1Pod> pods, Dictionary<string, IDictionary<string, string>> namespaceLabels)
    {
        public Peers Resolve(IList<V1NetworkPolicyPeer>? peers)
        {
            if (peers is not { Count: > 0 })
            {
                return Peers.Anyone(pods);
            }
            var selected = new List<V1Pod>();
            var blocks = new List<V1IPBlock>();
            foreach (var peer in peers)
            {
                if (peer.IpBlock is { } block)
                {
                    blocks.Add(block);
                    continue;
                }
                var podSelector = peer.PodSelector is null ? LabelSelector.Everything : LabelSelector.From(peer.PodSelector);
                var namespaceSelector = peer.NamespaceSelector is null ? null : LabelSelector.From(peer.NamespaceSelector);
                selected.AddRange(pods.Where(p => (namespaceSelector is null
                        ? p.Namespace() == policyNamespace
                        : namespaceLabels.TryGetValue(p.Namespace(), out var labels) && namespaceSelector.Matches(labels))
                    && podSelector.Matches(p.Labels())));
            }
            return new Peers(null, [.. selected.DistinctBy(p => p.Status.PodIP)], blocks, pods);
        }
    }

    /// <summary>A rule's peers: anyone (<see cref="Everyone"/> holds every pod), or the pods and ipBlocks it names.</summary>
    private sealed record Peers(IReadOnlyList<V1Pod>? Everyone, IReadOnlyList<V1Pod> Pods, IReadOnlyList<V1IPBlock> Blocks, IReadOnlyList<V1Pod> AllPods)
    {
        public static Peers Anyone(IReadOnlyList<V1Pod> pods) => new(pods, [], [], pods);

        public IEnumerable<PolicyMatch> Matches(PolicyPort? port)
        {
            if (Everyone is not null)
            {
                yield return new PolicyMatch(null, [], port);
                yield break;
            }
            if (Pods.Count > 0)
            {
                yield return new PolicyMatch([.. Pods.Select(p => p.Status.PodIP)], [], port);
            }
            foreach (var block in Blocks)
            {
                yield return new PolicyMatch([block.Cidr], [.. block.Except ?? []], port);
            }
        }

        /// <summary>Traffic to a named port: to each peer pod that has a port of that name, on its number.</summary>
        public IEnumerable<PolicyMatch> MatchesOnNamedPort(string protocol, string name)
        {
            var receivers = Everyone ?? Pods.Concat(AllPods.Where(p => Blocks.Any(b => InBlock(p.Status.PodIP, b)))).DistinctBy(p => p.Status.PodIP);
            return receivers
                .Select(p => (p.Status.PodIP, Number: NamedPort(p, protocol, name)))
                .Where(r => r.Number is not null)
                .Select(r => new PolicyMatch([r.PodIP], [], new PolicyPort(protocol, r.Number, null)));
        }

        private static bool InBlock(string ip, V1IPBlock block) =>
            IPAddress.TryParse(ip, out var address) && Contains(block.Cidr, address) && !(block.Except ?? []).Any(e => Contains(e, address));

        private static bool Contains(string cidr, IPAddress address) => IPNetwork.TryParse(cidr, out var network) && network.Contains(address);
    }
}

/// <summary>A pod of this node under policy: what it may receive and send (null: not isolated in that direction, all of it).</summary>
public sealed record IsolatedPod(string Namespace, string Name, string Ip, IReadOnlyList<PolicyMatch>? Ingress, IReadOnlyList<PolicyMatch>? Egress);

/// <summary>Traffic allowed with the other end in <see cref="Addresses"/> (null: anywhere) but not in <see cref="Except"/>, on <see cref="Port"/> (null: any).</summary>
public sealed record PolicyMatch(IReadOnlyList<string>? Addresses, IReadOnlyList<string> Except, PolicyPort? Port);

/// <summary>A protocol (tcp, udp, sctp) with a port or a range of ports (<see cref="Number"/> null: every port).</summary>
public sealed record PolicyPort(string Protocol, int? Number, int? EndPort);
