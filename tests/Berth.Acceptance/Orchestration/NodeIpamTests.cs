using Berth.Testing;

namespace Berth.Acceptance.Orchestration;

/// <summary>
/// The node-ipam controller through the real kubectl: with --cluster-cidr 10.99.0.0/23 (two /24s) the first two
/// simulated nodes get one subnet each in spec.podCIDR and spec.podCIDRs, the third waits with kube's
/// CIDRNotAvailable event, and takes the subnet a deleted node frees.
/// </summary>
public sealed class NodeIpamTests(NodeIpamTests.SmallRangeCluster fixture) : IClassFixture<NodeIpamTests.SmallRangeCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public sealed class SmallRangeCluster() : SimulatedClusterServer(etcd: false, null, "--cluster-cidr", "10.99.0.0/23");

    [Fact]
    public async Task EachNodeGetsItsOwnSubnet_TheRangeUsedUpIsAnEvent_AndADeletedNodesSubnetIsReused()
    {
        var subnets = await Poll.ForAsync(PodCidrsAsync, cidrs => cidrs.Count(c => c.Cidr != "") == 2, Patience, "two nodes with a pod CIDR");
        Assert.Equal(["10.99.0.0/24", "10.99.1.0/24"], subnets.Select(s => s.Cidr).Where(c => c != "").Order());
        Assert.All(subnets.Where(s => s.Cidr != ""), s => Assert.Equal(s.Cidr, s.Cidrs));
        var waiting = Assert.Single(subnets, s => s.Cidr == "").Node;
        await Poll.UntilAsync(async () => (await fixture.Kubectl.OkAsync("get", "events", "--field-selector", $"involvedObject.name={waiting}"))
            .Contains($"CIDRNotAvailable   node/{waiting}   Node {waiting} status is now: CIDRNotAvailable", StringComparison.Ordinal),
            Patience, () => $"a CIDRNotAvailable event for {waiting}");

        var (freed, freedCidr, _) = subnets.First(s => s.Cidr != "");
        await fixture.Cluster.RemoveNodeAsync(freed, CancellationToken.None);

        await Poll.UntilAsync(async () => (await PodCidrsAsync()).Any(s => s.Node == waiting && s.Cidr == freedCidr), Patience,
            () => $"{waiting} given {freed}'s freed {freedCidr}");
    }

    private async Task<List<(string Node, string Cidr, string Cidrs)>> PodCidrsAsync() =>
    [
        .. (await fixture.Kubectl.OkAsync("get", "nodes", "--no-headers", "-o", "custom-columns=NAME:.metadata.name,CIDR:.spec.podCIDR,CIDRS:.spec.podCIDRs[*]"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (f[0], f[1] == "<none>" ? "" : f[1], f[2] == "<none>" ? "" : f[2])),
    ];
}
