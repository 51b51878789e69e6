using Berth.Acceptance.Containers;
using Berth.Acceptance.Registry;

namespace Berth.Acceptance.Agent;

/// <summary>
/// The pod network of a test cluster's own, so clusters of parallel tests never share a bridge or a subnet: a cluster
/// CIDR in a free 10.89.X.0/24 cut into <see cref="NodeMaskSize"/> subnets, and a bridge name for each node. Disposing
/// removes what the nodes' agents leave when they did not stop cleanly: the bridges and their masquerade tables.
/// </summary>
public sealed class TestPodNetwork : IAsyncDisposable
{
    private readonly List<string> _nodes = [];
    private readonly List<string> _bridges = [];

    public TestPodNetwork(int nodeMaskSize = 24)
    {
        NodeMaskSize = nodeMaskSize;
        ClusterCidr = $"10.89.{TestBridge.FreeOctet()}.0/24";
    }

    public string ClusterCidr { get; }

    public int NodeMaskSize { get; }

    /// <summary>Each node's pod bridge, in the order the nodes were added.</summary>
    public IReadOnlyList<string> Bridges => _bridges;

    /// <summary>The flags of `berth server` that give its cluster this pod network.</summary>
    public IReadOnlyList<string> ServerArguments(string nodeName) =>
        ["--cluster-cidr", ClusterCidr, "--node-cidr-mask-size", NodeMaskSize.ToString(), .. AgentArguments(nodeName)];

    /// <summary>The flags of a node's agent (`berth agent`, or the server's own): its pod bridge.</summary>
    public IReadOnlyList<string> AgentArguments(string nodeName)
    {
        var bridge = TestBridge.NewName();
        _nodes.Add(nodeName);
        _bridges.Add(bridge);
        return ["--pod-bridge", bridge];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await DockerRegistry.TryRunAsync("nft", "delete", "table", "ip", $"berth-pods-{node}");
        }
        foreach (var bridge in _bridges)
        {
            await DockerRegistry.TryRunAsync("ip", "link", "del", bridge);
        }
    }
}
