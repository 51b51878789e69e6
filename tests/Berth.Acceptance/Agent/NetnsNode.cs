using Berth.Acceptance.Containers;
using Berth.Acceptance.Registry;

namespace Berth.Acceptance.Agent;

/// <summary>
/// A second machine on one host: a network namespace with a veth pair to the host (10.86.X.1 on the host's end,
/// 10.86.X.2 in the namespace, the host its default gateway), where `berth agent` runs with a data dir of its own and
/// joins the test's server through the host's end. Disposing stops the agent and removes the namespace with everything
/// in it (the veth pair, the node's pod bridge, its rules), the pods' namespaces and the data dir.
/// </summary>
public sealed class NetnsNode : IAsyncDisposable
{
    private readonly BerthDaemon _agent = new("Berth agent is ready");
    private readonly string _suffix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
    private readonly int _octet = FreeOctet();
    private NetnsPortForwarder? _registry;
    private int? _registryPort;

    public NetnsNode(string nodeName) => NodeName = nodeName;

    public string NodeName { get; }

    /// <summary>The namespace's name under /run/netns.</summary>
    public string Namespace => $"bn{_suffix}";

    public string NamespacePath => $"/run/netns/{Namespace}";

    /// <summary>The host's address on the link to this node: what the node reaches the server through.</summary>
    public string HostAddress => $"10.86.{_octet}.1";

    /// <summary>The node's own address (its InternalIP).</summary>
    public string NodeAddress => $"10.86.{_octet}.2";

    public string DataDir { get; } = Directory.CreateTempSubdirectory("berth-node-").FullName;

    private string HostVeth => $"bvh{_suffix}";

    /// <summary>Makes the namespace and its link to the host.</summary>
    public async Task CreateAsync()
    {
        await DockerRegistry.RunAsync("ip", "netns", "add", Namespace);
        await DockerRegistry.RunAsync("ip", "link", "add", HostVeth, "type", "veth", "peer", "name", "eth0", "netns", Namespace);
        await DockerRegistry.RunAsync("ip", "addr", "add", $"{HostAddress}/24", "dev", HostVeth);
        await DockerRegistry.RunAsync("ip", "link", "set", HostVeth, "up");
        await DockerRegistry.RunAsync("ip", "-n", Namespace, "addr", "add", $"{NodeAddress}/24", "dev", "eth0");
        await DockerRegistry.RunAsync("ip", "-n", Namespace, "link", "set", "eth0", "up");
        await DockerRegistry.RunAsync("ip", "-n", Namespace, "link", "set", "lo", "up");
        await DockerRegistry.RunAsync("ip", "-n", Namespace, "route", "add", "default", "via", HostAddress);
        await DockerRegistry.RunAsync("nsenter", $"--net={NamespacePath}", "sysctl", "-qw", "net.ipv4.ip_forward=1");
    }

    /// <summary>Lets the node pull from the host's loopback registry at the same address (a registry on the cluster's network).</summary>
    public void ReachHostPort(int port)
    {
        _registryPort = port;
        _registry = new NetnsPortForwarder(NamespacePath, port);
    }

    /// <summary>Runs `berth agent` in the namespace, joining <paramref name="server"/> with <paramref name="token"/>.</summary>
    public Task StartAgentAsync(string server, string token, IEnumerable<string> arguments) =>
        _agent.StartAsync("nsenter",
            [$"--net={NamespacePath}", BerthBinary.Launcher, "agent", "--server", server, "--token", token, "--node-name", NodeName,
             "--node-ip", NodeAddress, "--data-dir", DataDir, .. arguments]);

    /// <summary>Drops new connections from outside the namespace to <paramref name="port"/>: the node reaches out, nothing reaches in.</summary>
    public Task BlockInboundAsync(int port) =>
        DockerRegistry.RunAsync("ip", "netns", "exec", Namespace, "nft",
            $"add table ip inbound; add chain ip inbound input {{ type filter hook input priority 0; }}; add rule ip inbound input iifname eth0 tcp dport {port} ct state new drop");

    /// <summary>Kills the agent with SIGKILL, as a host that dies: its pods' containers keep running, its Node stops renewing.</summary>
    public Task KillAgentAsync() => _agent.KillAsync();

    /// <summary>
    /// The machine rebuilt from scratch under the same name and address: the agent killed, its containers, network
    /// namespace and data dir gone, then a fresh namespace and an empty data dir, as a reinstalled host has.
    /// </summary>
    public async Task RebuildAsync()
    {
        await _agent.KillAsync();
        await RemoveMachineAsync();
        Directory.CreateDirectory(DataDir);
        await CreateAsync();
        if (_registryPort is { } port)
        {
            ReachHostPort(port);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _agent.StopAsync();
        }
        finally
        {
            await RemoveMachineAsync();
        }
    }

    private async Task RemoveMachineAsync()
    {
        _registry?.Dispose();
        _registry = null;
        await RemovePodsAsync();
        await DockerRegistry.TryRunAsync("ip", "netns", "del", Namespace);
        await DockerRegistry.TryRunAsync("ip", "link", "del", HostVeth);
        if (Directory.Exists(Path.Combine(DataDir, "engine")))
        {
            EngineRootRemoval.Delete(Path.Combine(DataDir, "engine"));
        }
        Directory.Delete(DataDir, recursive: true);
    }

    // What a failed test leaves: containers of the node's engine, and its pods' network namespaces.
    private async Task RemovePodsAsync()
    {
        var root = Path.Combine(DataDir, "engine");
        if (Directory.Exists(root))
        {
            var ids = await BerthBinary.RunAsync("--root", root, "ps", "-a", "-q");
            foreach (var id in ids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await DockerRegistry.TryRunAsync("nsenter", $"--net={NamespacePath}", BerthBinary.Launcher, "--root", root, "rm", "-f", id.Trim());
            }
        }
        var pods = Path.Combine(DataDir, "agent", "pods");
        foreach (var uid in Directory.Exists(pods) ? Directory.EnumerateDirectories(pods).Select(Path.GetFileName) : [])
        {
            await DockerRegistry.TryRunAsync("umount", $"/run/netns/berth-{uid}");
            File.Delete($"/run/netns/berth-{uid}");
        }
        // A node that died with pods on it leaves their volume mounts (token tmpfs) under its data dir.
        foreach (var mount in File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(DataDir + "/", StringComparison.Ordinal)).Reverse())
        {
            await DockerRegistry.TryRunAsync("umount", mount);
        }
    }

    private static int FreeOctet()
    {
        var used = File.ReadAllText("/proc/net/route") + DockerRegistry.TryRunAsync("ip", "-4", "addr").GetAwaiter().GetResult().Stdout;
        return Enumerable.Range(0, 50).Select(_ => Random.Shared.Next(10, 250)).First(x => !used.Contains($"10.86.{x}."));
    }
}
