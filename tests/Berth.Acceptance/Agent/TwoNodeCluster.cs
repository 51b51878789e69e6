namespace Berth.Acceptance.Agent;

/// <summary>
/// An <see cref="AgentCluster"/> with a second node: `berth agent` in a network namespace of its own
/// (<see cref="NetnsNode"/>), joined through the host's end of its link, where the server listens and which is the
/// server's node address; each node has a /26 of the cluster's pod /24. The registry on the host's loopback is
/// reachable on the second node's loopback too. The server cannot open connections to the second node's streaming port
/// (as behind a NAT): logs, exec, attach and port-forward reach it through the reverse tunnel its agent holds.
/// </summary>
public class TwoNodeCluster : AgentCluster
{
    public NetnsNode Second { get; } = new($"node-{Guid.NewGuid():N}"[..13]);

    protected override int NodeMaskSize => 26;

    // A service CIDR of its own: the cluster DNS address goes on this host's berth-dns beside other clusters'.
    protected override IEnumerable<string> ServerArguments =>
        ["--bind-address", Second.HostAddress, "--node-ip", Second.HostAddress, "--service-cidr", "10.155.0.0/16"];

    public override async Task InitializeAsync()
    {
        await Second.CreateAsync();
        await base.InitializeAsync();
        Second.ReachHostPort(RegistryPort);
        await StartSecondAgentAsync();
        await Second.BlockInboundAsync(await SecondStreamingPortAsync());
    }

    /// <summary>The port of the second node's streaming server, as its Node reports it.</summary>
    public async Task<int> SecondStreamingPortAsync() =>
        int.Parse(await Kubectl.OkAsync("get", "node", Second.NodeName, "-o", "jsonpath={.status.daemonEndpoints.kubeletEndpoint.Port}"));

    /// <summary>What the second node's `berth agent` gets besides the server, the token and its pod network.</summary>
    protected virtual IEnumerable<string> SecondAgentArguments => ["--cluster-dns", "10.155.0.10"];

    /// <summary>Starts the second node's agent: joins it first, and after a crash rejoins under the same name.</summary>
    public async Task StartSecondAgentAsync()
    {
        var token = (await File.ReadAllTextAsync(Path.Combine(Server.DataDir, "server", "token"))).Trim();
        await Second.StartAgentAsync($"https://{Second.HostAddress}:{Server.Port}", token,
            [.. PodNetwork.AgentArguments(Second.NodeName), .. SecondAgentArguments]);
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await Second.DisposeAsync();
        }
    }
}
