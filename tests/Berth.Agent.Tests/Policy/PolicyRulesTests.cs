using Berth.Agent.Policy;

namespace Berth.Agent.Tests.Policy;

/// <summary>The policy table's script: its dispatch and chains, and that the real nft accepts it (check mode: nothing is written).</summary>
public sealed class PolicyRulesTests
{
    private static readonly IsolatedPod Web = new("shop", "web", "10.42.0.10",
        [new PolicyMatch(["10.42.0.11", "10.42.1.20"], [], new PolicyPort("tcp", 8080, null)), new PolicyMatch(["192.168.0.0/16"], ["192.168.1.0/24"], null)],
        null);

    private static readonly IsolatedPod Client = new("shop", "client", "10.42.0.11", [],
        [new PolicyMatch(null, [], new PolicyPort("udp", 53, null)), new PolicyMatch(["10.42.0.10"], [], new PolicyPort("tcp", 8000, 8080))]);

    [Fact]
    public void Script_DispatchesEachIsolatedPodToItsChains_WhichEndInDrop()
    {
        var script = PolicyRules.Script("berth-policy-a", [Web, Client]);

        Assert.Contains("ct state established,related accept", script);
        Assert.Contains("ip saddr vmap { 10.42.0.11 : jump egress-shop/client }", script);
        Assert.Contains("ip daddr vmap { 10.42.0.10 : jump ingress-shop/web, 10.42.0.11 : jump ingress-shop/client }", script);
        Assert.Contains("\tchain ingress-shop/web {\n\t\tip saddr { 10.42.0.11, 10.42.1.20 } meta l4proto tcp th dport 8080 accept\n\t\tip saddr { 192.168.0.0/16 } ip saddr != { 192.168.1.0/24 } accept\n\t\tdrop\n\t}", script);
        Assert.Contains("\tchain egress-shop/client {\n\t\tmeta l4proto udp th dport 53 return\n\t\tip daddr { 10.42.0.10 } meta l4proto tcp th dport 8000-8080 return\n\t\tdrop\n\t}", script);
        Assert.Contains("\tchain ingress-shop/client {\n\t\tdrop\n\t}", script);
        Assert.DoesNotContain("egress-shop/web", script);
    }

    [Fact]
    public void Script_WithoutIsolatedPods_HasOnlyTheForwardChain()
    {
        var script = PolicyRules.Script("berth-policy-a", []);

        Assert.DoesNotContain("vmap", script);
        Assert.DoesNotContain("jump", script);
    }

    [Fact]
    public async Task Script_IsAcceptedByNft()
    {
        var table = $"berth-test-{Guid.NewGuid():N}"[..19];
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, PolicyRules.Script(table, [Web, Client]));
            var (exitCode, _, stderr) = await HostProcess.RunAsync("nft", "-c", "-f", path);
            Assert.True(exitCode == 0, stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
