using Berth.Agent.Policy;
using k8s.Models;

namespace Berth.Agent.Tests.Policy;

/// <summary>NetworkPolicy semantics, case by case: which of this node's pods are isolated, and what each may exchange.</summary>
public sealed class PolicyModelTests
{
    private const string Node = "node-a";

    // web (10.42.0.10, port "http" 8080) and client (10.42.0.11) in "shop" on this node; admin (10.42.1.20, port "http" 9090) in "ops" elsewhere.
    private static readonly V1Pod Web = Pod("shop", "web", "10.42.0.10", new() { ["app"] = "web" }, ports: [("http", "TCP", 8080)]);
    private static readonly V1Pod Client = Pod("shop", "client", "10.42.0.11", new() { ["role"] = "client" });
    private static readonly V1Pod Admin = Pod("ops", "admin", "10.42.1.20", new() { ["role"] = "client" }, node: "node-b", ports: [("http", "TCP", 9090)]);

    private static readonly V1Namespace[] Namespaces = [Namespace("shop", "tier=front"), Namespace("ops", "tier=back")];

    /// <summary>Case → the web pod's rendered ingress and egress conditions (null: not isolated that way).</summary>
    public static TheoryData<string, V1NetworkPolicy[], string[]?, string[]?> WebCases => new()
    {
        { "no policy: not isolated", [], null, null },
        { "a policy for other pods leaves web alone", [Policy(selector: Select("app", "db"))], null, null },
        { "default deny ingress: isolated, nothing allowed", [Policy()], [], null },
        {
            "from pods of the policy's namespace on a port",
            [Policy(ingress: [Rule([PodPeer("role", "client")], [Port("TCP", 80)])])],
            ["ip saddr { 10.42.0.11 } meta l4proto tcp th dport 80"], null
        },
        {
            "from a namespace: every pod there",
            [Policy(ingress: [Rule([new V1NetworkPolicyPeer { NamespaceSelector = Select("tier", "back") }], [])])],
            ["ip saddr { 10.42.1.20 }"], null
        },
        {
            "namespace and pod selectors in one peer: both must match",
            [Policy(ingress: [Rule([new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector(), PodSelector = Select("role", "client") }], [])])],
            ["ip saddr { 10.42.0.11, 10.42.1.20 }"], null
        },
        {
            "an ipBlock with exceptions",
            [Policy(ingress: [Rule([new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = "192.168.0.0/16", Except = ["192.168.1.0/24"] } }], [])])],
            ["ip saddr { 192.168.0.0/16 } ip saddr != { 192.168.1.0/24 }"], null
        },
        {
            "no peers: from anyone, on a named port of the receiver, and on a port range",
            [Policy(ingress: [Rule([], [Port("TCP", "http"), new V1NetworkPolicyPort { Protocol = "UDP", Port = "5000", EndPort = 5010 }])])],
            ["meta l4proto tcp th dport 8080", "meta l4proto udp th dport 5000-5010"], null
        },
        {
            "a named port the receiver lacks allows nothing",
            [Policy(ingress: [Rule([], [Port("TCP", "metrics")])])],
            [], null
        },
        { "a protocol without a port: every port of it", [Policy(ingress: [Rule([], [new V1NetworkPolicyPort { Protocol = "UDP" }])])], ["meta l4proto udp"], null },
        {
            "policyTypes unset with egress rules: both ways; egress named ports resolve on each receiver",
            [Policy(egress: [EgressRule([new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector() }], [Port("TCP", "http")])])],
            [], ["ip daddr { 10.42.0.10 } meta l4proto tcp th dport 8080", "ip daddr { 10.42.1.20 } meta l4proto tcp th dport 9090"]
        },
        { "egress only: ingress stays open", [Policy(types: ["Egress"])], null, [] },
        {
            "several policies add up",
            [Policy(ingress: [Rule([PodPeer("role", "client")], [])]), Policy(name: "second", ingress: [Rule([], [Port("TCP", 443)])])],
            ["ip saddr { 10.42.0.11 }", "meta l4proto tcp th dport 443"], null
        },
    };

    [Theory]
    [MemberData(nameof(WebCases))]
    public void WebPod(string description, V1NetworkPolicy[] policies, string[]? ingress, string[]? egress)
    {
        var isolated = PolicyModel.Build(policies, [Web, Client, Admin], Namespaces, Node).SingleOrDefault(p => p.Name == "web");

        Assert.True(Rendered(isolated?.Ingress, "saddr").SequenceEqual(ingress ?? []) && (isolated?.Ingress is null) == (ingress is null), $"{description}: ingress {Show(isolated?.Ingress, "saddr")}");
        Assert.True(Rendered(isolated?.Egress, "daddr").SequenceEqual(egress ?? []) && (isolated?.Egress is null) == (egress is null), $"{description}: egress {Show(isolated?.Egress, "daddr")}");
    }

    [Fact]
    public void OnlyThisNodesLivePodsAreIsolated_AndOnlyLivePodsArePeers()
    {
        var done = Pod("shop", "done", "10.42.0.12", new() { ["role"] = "client" }, phase: "Succeeded");
        var host = Pod("shop", "host", "192.168.5.5", new() { ["role"] = "client" });
        host.Spec.HostNetwork = true;
        var pending = Pod("shop", "pending", null, new() { ["role"] = "client" });

        var isolated = PolicyModel.Build([Policy(selector: new V1LabelSelector(), ingress: [Rule([PodPeer("role", "client")], [])])],
            [Web, Client, Admin, done, host, pending], Namespaces, Node);

        Assert.Equal(["client", "web"], isolated.Select(p => p.Name).Order());
        Assert.Equal(["ip saddr { 10.42.0.11 }"], Rendered(isolated.Single(p => p.Name == "web").Ingress, "saddr"));
    }

    private static IEnumerable<string> Rendered(IReadOnlyList<PolicyMatch>? matches, string address) => (matches ?? []).Select(m => PolicyRules.Rule(m, address));

    private static string Show(IReadOnlyList<PolicyMatch>? matches, string address) => matches is null ? "not isolated" : $"[{string.Join(" | ", Rendered(matches, address))}]";

    internal static V1Pod Pod(string ns, string name, string? ip, Dictionary<string, string> labels, string node = Node, string phase = "Running", (string Name, string Protocol, int Number)[]? ports = null) => new()
    {
        Metadata = new V1ObjectMeta { NamespaceProperty = ns, Name = name, Labels = labels },
        Spec = new V1PodSpec
        {
            NodeName = node,
            Containers = [new V1Container { Name = "c", Ports = [.. (ports ?? []).Select(p => new V1ContainerPort { ContainerPort = p.Number, Name = p.Name, Protocol = p.Protocol })] }],
        },
        Status = new V1PodStatus { PodIP = ip, Phase = phase },
    };

    private static V1Namespace Namespace(string name, string label) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = name, [label.Split('=')[0]] = label.Split('=')[1] } } };

    internal static V1NetworkPolicy Policy(string name = "policy", V1LabelSelector? selector = null, V1NetworkPolicyIngressRule[]? ingress = null,
        V1NetworkPolicyEgressRule[]? egress = null, string[]? types = null) => new()
        {
            Metadata = new V1ObjectMeta { NamespaceProperty = "shop", Name = name },
            Spec = new V1NetworkPolicySpec { PodSelector = selector ?? Select("app", "web"), Ingress = ingress, Egress = egress, PolicyTypes = types },
        };

    internal static V1LabelSelector Select(string key, string value) => new() { MatchLabels = new Dictionary<string, string> { [key] = value } };

    internal static V1NetworkPolicyPeer PodPeer(string key, string value) => new() { PodSelector = Select(key, value) };

    private static V1NetworkPolicyIngressRule Rule(V1NetworkPolicyPeer[] from, V1NetworkPolicyPort[] ports) => new() { FromProperty = from, Ports = ports };

    private static V1NetworkPolicyEgressRule EgressRule(V1NetworkPolicyPeer[] to, V1NetworkPolicyPort[] ports) => new() { To = to, Ports = ports };

    private static V1NetworkPolicyPort Port(string protocol, IntOrString port) => new() { Protocol = protocol, Port = port };
}
