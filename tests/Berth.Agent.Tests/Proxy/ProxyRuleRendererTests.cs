using Berth.Agent.Proxy;

namespace Berth.Agent.Tests.Proxy;

public sealed class ProxyRuleRendererTests
{
    private const string Node = "node-a";
    private readonly ProxyRuleRenderer _renderer = new("cni0", Node);

    public static TheoryData<string, ProxyServicePort, string[], string[]> Cases => new()
    {
        {
            "ClusterIP with two ready endpoints", Port(endpoints: [Ready("10.42.0.5"), Ready("10.42.0.6")]),
            ["service-ips: 10.43.0.10 . tcp . 80 : goto service-{H}-default/web/tcp/http"],
            [
                "service-{H}-default/web/tcp/http: iifname != \"cni0\" jump mark-for-masquerade | goto cluster-{H}-default/web/tcp/http",
                "cluster-{H}-default/web/tcp/http: numgen random mod 2 vmap { 0 : goto endpoint-{H}-default/web/tcp/http__10.42.0.5/8080, 1 : goto endpoint-{H}-default/web/tcp/http__10.42.0.6/8080 }",
                "endpoint-{H}-default/web/tcp/http__10.42.0.5/8080: ip saddr 10.42.0.5 jump mark-for-masquerade | meta l4proto tcp dnat to 10.42.0.5:8080",
                "endpoint-{H}-default/web/tcp/http__10.42.0.6/8080: ip saddr 10.42.0.6 jump mark-for-masquerade | meta l4proto tcp dnat to 10.42.0.6:8080",
            ]
        },
        {
            "no endpoints: rejected as kube-proxy does", Port(endpoints: []),
            ["no-endpoint-services: 10.43.0.10 . tcp . 80 : goto reject-chain"],
            []
        },
        {
            "only unready endpoints: rejected", Port(endpoints: [Ready("10.42.0.5") with { Ready = false, Serving = false }]),
            ["no-endpoint-services: 10.43.0.10 . tcp . 80 : goto reject-chain"],
            []
        },
        {
            "terminating but serving endpoints are the fallback when none is ready",
            Port(endpoints: [Ready("10.42.0.5") with { Ready = false, Serving = true, Terminating = true }, Ready("10.42.0.6") with { Ready = false, Serving = false, Terminating = true }]),
            ["service-ips: 10.43.0.10 . tcp . 80 : goto service-{H}-default/web/tcp/http"],
            [
                "service-{H}-default/web/tcp/http: iifname != \"cni0\" jump mark-for-masquerade | goto cluster-{H}-default/web/tcp/http",
                "cluster-{H}-default/web/tcp/http: numgen random mod 1 vmap { 0 : goto endpoint-{H}-default/web/tcp/http__10.42.0.5/8080 }",
                "endpoint-{H}-default/web/tcp/http__10.42.0.5/8080: ip saddr 10.42.0.5 jump mark-for-masquerade | meta l4proto tcp dnat to 10.42.0.5:8080",
            ]
        },
        {
            "NodePort: the node port goes through the external chain, which masquerades", Port(nodePort: 30080, endpoints: [Ready("10.42.0.5")]),
            ["service-ips: 10.43.0.10 . tcp . 80 : goto service-{H}-default/web/tcp/http", "service-nodeports: tcp . 30080 : goto external-{H}-default/web/tcp/http"],
            [
                "service-{H}-default/web/tcp/http: iifname != \"cni0\" jump mark-for-masquerade | goto cluster-{H}-default/web/tcp/http",
                "external-{H}-default/web/tcp/http: jump mark-for-masquerade | goto cluster-{H}-default/web/tcp/http",
                "cluster-{H}-default/web/tcp/http: numgen random mod 1 vmap { 0 : goto endpoint-{H}-default/web/tcp/http__10.42.0.5/8080 }",
                "endpoint-{H}-default/web/tcp/http__10.42.0.5/8080: ip saddr 10.42.0.5 jump mark-for-masquerade | meta l4proto tcp dnat to 10.42.0.5:8080",
            ]
        },
        {
            "NodePort without endpoints: both rejected", Port(nodePort: 30080, endpoints: []),
            ["no-endpoint-nodeports: tcp . 30080 : goto reject-chain", "no-endpoint-services: 10.43.0.10 . tcp . 80 : goto reject-chain"],
            []
        },
        {
            "a UDP port keeps its protocol", Port(protocol: "udp", name: "dns", port: 53, endpoints: [Ready("10.42.0.5", 5353)]),
            ["service-ips: 10.43.0.10 . udp . 53 : goto service-{H}-default/web/udp/dns"],
            [
                "service-{H}-default/web/udp/dns: iifname != \"cni0\" jump mark-for-masquerade | goto cluster-{H}-default/web/udp/dns",
                "cluster-{H}-default/web/udp/dns: numgen random mod 1 vmap { 0 : goto endpoint-{H}-default/web/udp/dns__10.42.0.5/5353 }",
                "endpoint-{H}-default/web/udp/dns__10.42.0.5/5353: ip saddr 10.42.0.5 jump mark-for-masquerade | meta l4proto udp dnat to 10.42.0.5:5353",
            ]
        },
        {
            "sessionAffinity ClientIP: sticky clients go back to their endpoint until the timeout", Port(affinity: 60, endpoints: [Ready("10.42.0.5")]),
            ["service-ips: 10.43.0.10 . tcp . 80 : goto service-{H}-default/web/tcp/http"],
            [
                "service-{H}-default/web/tcp/http: iifname != \"cni0\" jump mark-for-masquerade | goto cluster-{H}-default/web/tcp/http",
                "cluster-{H}-default/web/tcp/http: ip saddr @affinity-{H}-default/web/tcp/http__10.42.0.5/8080 goto endpoint-{H}-default/web/tcp/http__10.42.0.5/8080 | numgen random mod 1 vmap { 0 : goto endpoint-{H}-default/web/tcp/http__10.42.0.5/8080 }",
                "endpoint-{H}-default/web/tcp/http__10.42.0.5/8080: ip saddr 10.42.0.5 jump mark-for-masquerade | update @affinity-{H}-default/web/tcp/http__10.42.0.5/8080 { ip saddr timeout 60s } | meta l4proto tcp dnat to 10.42.0.5:8080",
            ]
        },
        {
            "internalTrafficPolicy Local with endpoints only elsewhere: dropped, not rejected", Port(internalLocal: true, endpoints: [Ready("10.42.1.5") with { NodeName = "node-b" }]),
            ["no-endpoint-services: 10.43.0.10 . tcp . 80 : drop"],
            []
        },
        {
            "internalTrafficPolicy Local: only this node's endpoints", Port(internalLocal: true, endpoints: [Ready("10.42.0.5"), Ready("10.42.1.5") with { NodeName = "node-b" }]),
            ["service-ips: 10.43.0.10 . tcp . 80 : goto service-{H}-default/web/tcp/http"],
            [
                "service-{H}-default/web/tcp/http: iifname != \"cni0\" jump mark-for-masquerade | goto local-{H}-default/web/tcp/http",
                "local-{H}-default/web/tcp/http: numgen random mod 1 vmap { 0 : goto endpoint-{H}-default/web/tcp/http__10.42.0.5/8080 }",
                "endpoint-{H}-default/web/tcp/http__10.42.0.5/8080: ip saddr 10.42.0.5 jump mark-for-masquerade | meta l4proto tcp dnat to 10.42.0.5:8080",
            ]
        },
        {
            "LoadBalancer with externalTrafficPolicy Local: outside traffic to local endpoints, unmasqueraded",
            Port(nodePort: 30080, loadBalancer: ["192.0.2.2"], externalLocal: true, endpoints: [Ready("10.42.0.5"), Ready("10.42.1.5") with { NodeName = "node-b" }]),
            [
                "service-ips: 10.43.0.10 . tcp . 80 : goto service-{H}-default/web/tcp/http",
                "service-ips: 192.0.2.2 . tcp . 80 : goto external-{H}-default/web/tcp/http",
                "service-nodeports: tcp . 30080 : goto external-{H}-default/web/tcp/http",
            ],
            [
                "service-{H}-default/web/tcp/http: iifname != \"cni0\" jump mark-for-masquerade | goto cluster-{H}-default/web/tcp/http",
                "external-{H}-default/web/tcp/http: iifname \"cni0\" goto cluster-{H}-default/web/tcp/http | fib saddr type local jump mark-for-masquerade | fib saddr type local goto cluster-{H}-default/web/tcp/http | goto local-{H}-default/web/tcp/http",
                "cluster-{H}-default/web/tcp/http: numgen random mod 2 vmap { 0 : goto endpoint-{H}-default/web/tcp/http__10.42.0.5/8080, 1 : goto endpoint-{H}-default/web/tcp/http__10.42.1.5/8080 }",
                "local-{H}-default/web/tcp/http: numgen random mod 1 vmap { 0 : goto endpoint-{H}-default/web/tcp/http__10.42.0.5/8080 }",
                "endpoint-{H}-default/web/tcp/http__10.42.0.5/8080: ip saddr 10.42.0.5 jump mark-for-masquerade | meta l4proto tcp dnat to 10.42.0.5:8080",
                "endpoint-{H}-default/web/tcp/http__10.42.1.5/8080: ip saddr 10.42.1.5 jump mark-for-masquerade | meta l4proto tcp dnat to 10.42.1.5:8080",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_WritesKubeProxysChainsAndElements(string why, ProxyServicePort port, string[] elements, string[] chains)
    {
        var ruleset = _renderer.Render([port], zone: null);

        var hash = Hash(ruleset);
        Assert.True(Sorted(elements.Select(e => e.Replace("{H}", hash))).SequenceEqual(Elements(ruleset)), $"{why}: elements\n{string.Join('\n', Elements(ruleset))}");
        Assert.True(Sorted(chains.Select(c => c.Replace("{H}", hash))).SequenceEqual(Chains(ruleset)), $"{why}: chains\n{string.Join('\n', Chains(ruleset))}");
    }

    [Fact]
    public void Render_TopologyHints_PreferTheNodesZone_OnlyWhenEveryEndpointHasHints()
    {
        var hinted = Port(endpoints: [Ready("10.42.0.5") with { ZoneHints = ["a"] }, Ready("10.42.1.5") with { ZoneHints = ["b"] }]);
        var partly = Port(endpoints: [Ready("10.42.0.5") with { ZoneHints = ["a"] }, Ready("10.42.1.5")]);

        Assert.Contains("numgen random mod 1 vmap", Picker(_renderer.Render([hinted], "a")));
        Assert.Contains("10.42.0.5", Picker(_renderer.Render([hinted], "a")));
        Assert.Contains("numgen random mod 2 vmap", Picker(_renderer.Render([hinted], "c")));
        Assert.Contains("numgen random mod 2 vmap", Picker(_renderer.Render([partly], "a")));
        Assert.Contains("numgen random mod 2 vmap", Picker(_renderer.Render([hinted], null)));
    }

    [Fact]
    public void Render_TwoPortsOfOneService_GetChainsOfTheirOwn()
    {
        var ruleset = _renderer.Render([Port(endpoints: [Ready("10.42.0.5")]), Port(name: "https", port: 443, endpoints: [Ready("10.42.0.5", 8443)])], null);

        Assert.Equal(2, ruleset.Maps[NftRuleset.ServiceIps].Count);
        Assert.Contains(ruleset.Chains, c => c.Key.EndsWith("/https__10.42.0.5/8443", StringComparison.Ordinal) && c.Value[^1] == "meta l4proto tcp dnat to 10.42.0.5:8443");
        Assert.Equal(6, ruleset.Chains.Count);
    }

    private static string Picker(NftRuleset ruleset) => ruleset.Chains.Single(c => c.Key.StartsWith("cluster-", StringComparison.Ordinal)).Value[^1];

    private static string Hash(NftRuleset ruleset) =>
        ruleset.Chains.Keys.Concat(ruleset.Maps.Values.SelectMany(m => m.Values)).Select(n => n.Split('-')).FirstOrDefault(p => p.Length > 2 && p[1].Length == 8)?[1] ?? "";

    private static List<string> Elements(NftRuleset ruleset) =>
        Sorted(ruleset.Maps.SelectMany(m => m.Value.Select(e => $"{m.Key}: {e.Key} : {e.Value}")));

    private static List<string> Chains(NftRuleset ruleset) => Sorted(ruleset.Chains.Select(c => $"{c.Key}: {string.Join(" | ", c.Value)}"));

    private static List<string> Sorted(IEnumerable<string> lines) => [.. lines.Order(StringComparer.Ordinal)];

    internal static ProxyEndpoint Ready(string address, int port = 8080) => new(address, port, true, true, false, Node, []);

    internal static ProxyServicePort Port(
        IReadOnlyList<ProxyEndpoint> endpoints, string name = "http", string protocol = "tcp", int port = 80, int nodePort = 0,
        IReadOnlyList<string>? loadBalancer = null, int affinity = 0, bool externalLocal = false, bool internalLocal = false) =>
        new("default", "web", name, protocol, "10.43.0.10", port, nodePort, loadBalancer ?? [], affinity, externalLocal, internalLocal, endpoints);
}
