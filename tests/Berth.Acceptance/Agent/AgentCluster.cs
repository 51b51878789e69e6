using System.Text.Json.Nodes;
using Berth.Acceptance.Api;
using Berth.Acceptance.Containers;
using Berth.Acceptance.Registry;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// A real single-node cluster for one test class: `berth server` with its embedded agent, pods on a
/// pod network of their own (<see cref="TestPodNetwork"/>), and the busybox image in
/// a real docker-registry on loopback. Disposing deletes every workload through kubectl, then
/// removes whatever a failure left (containers, network namespaces, the bridge, the data dir).
/// </summary>
public class AgentCluster : IAsyncLifetime
{
    private readonly DockerRegistry _registry = new();

    public string NodeName { get; } = $"node-{Guid.NewGuid():N}"[..13];

    public ApiServerProcess Server { get; private set; } = null!;

    public Kubectl Kubectl => new(Server);

    /// <summary>The busybox image as pods name it: REGISTRY/busybox:test.</summary>
    public string Image { get; private set; } = "";

    public string EngineRoot => Path.Combine(Server.DataDir, "engine");

    /// <summary>Flags of `berth server` beyond the node name, for a fixture that needs its own.</summary>
    protected virtual IEnumerable<string> ServerArguments => [];

    /// <summary>The prefix length of each node's pod subnet in the cluster's /24.</summary>
    protected virtual int NodeMaskSize => 24;

    /// <summary>The cluster's pod network: its CIDR and the flags of each node's agent.</summary>
    protected TestPodNetwork PodNetwork { get; private set; } = null!;

    /// <summary>The pod bridge of the server's node: each pod's host-side veth is on it.</summary>
    public string PodBridge => PodNetwork.Bridges[0];

    /// <summary>The test registry's address on the host's loopback: 127.0.0.1:PORT.</summary>
    public string RegistryDomain => _registry.Domain;

    /// <summary>The port of the test registry on the host's loopback.</summary>
    public int RegistryPort => int.Parse(_registry.Domain.Split(':')[1]);

    /// <summary>A fixture's own preparation once the registry holds <see cref="Image"/>, before the server starts (its data dir exists).</summary>
    protected virtual Task BeforeServerStartsAsync() => Task.CompletedTask;

    /// <summary>A fixture's own cleanup once the server has stopped and its leftovers are gone, before its data dir is deleted.</summary>
    protected virtual Task AfterServerStopsAsync() => Task.CompletedTask;

    public virtual async Task InitializeAsync()
    {
        PodNetwork = new TestPodNetwork(NodeMaskSize);
        await _registry.InitializeAsync();
        Image = $"{_registry.Domain}/busybox:test";
        var scratch = Path.Combine(_registry.Directory, "root");
        await TestImages.ImportBusyboxAsync(scratch, Image);
        var push = await BerthBinary.RunAsync("--root", scratch, "push", Image);
        Assert.True(push.ExitCode == 0, $"push failed: {push.Stderr}");
        EngineRootRemoval.Delete(scratch);

        Server = new ApiServerProcess(null, ["--node-name", NodeName, .. PodNetwork.ServerArguments(NodeName), .. ServerArguments]) { DisableAgent = false };
        await BeforeServerStartsAsync();
        await Server.StartAsync();
    }

    public virtual async Task DisposeAsync()
    {
        try
        {
            await Kubectl.RunAsync("delete", "deployments,replicasets,pods", "--all", "--wait=true", "--timeout=50s");
        }
        finally
        {
            await Server.StopAsync();
            await RemoveLeftoversAsync();
            await AfterServerStopsAsync();
            await PodNetwork.DisposeAsync();
            await Server.DisposeAsync();
            await _registry.DisposeAsync();
        }
    }

    /// <summary>`berth ps -a` on the node's engine root: the pods' containers as the CLI shows them.</summary>
    public async Task<string> EnginePsAsync()
    {
        var ps = await BerthBinary.RunAsync("--root", EngineRoot, "ps", "-a");
        Assert.True(ps.ExitCode == 0, $"berth ps failed: {ps.Stderr}");
        return ps.Stdout;
    }

    /// <summary>A container of the test image running <paramref name="script"/> in sh.</summary>
    public JsonObject ShellContainer(string name, string script) => new()
    {
        ["name"] = name,
        ["image"] = Image,
        ["command"] = new JsonArray("sh", "-c", script),
    };

    /// <summary>Applies a pod on this node with these containers and a 1 s grace period; <paramref name="spec"/> adds the rest.</summary>
    public async Task ApplyPodAsync(string name, IEnumerable<JsonObject> containers, Action<JsonObject>? spec = null)
    {
        var podSpec = new JsonObject
        {
            ["nodeName"] = NodeName,
            ["terminationGracePeriodSeconds"] = 1,
            ["containers"] = new JsonArray([.. containers]),
        };
        spec?.Invoke(podSpec);
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = podSpec,
        };
        await Kubectl.ApplyAsync(pod.ToJsonString());
    }

    public async Task<JsonObject> PodAsync(string name) => JsonNode.Parse(await Kubectl.OkAsync("get", "pod", name, "-o", "json"))!.AsObject();

    /// <summary>The pods with this label, as JSON items.</summary>
    public async Task<List<JsonObject>> PodsAsync(string selector) =>
        [.. JsonNode.Parse(await Kubectl.OkAsync("get", "pods", "-l", selector, "-o", "json"))!["items"]!.AsArray().Select(p => p!.AsObject())];

    /// <summary>Waits until the pod's phase is one of <paramref name="phases"/>; returns the pod.</summary>
    public Task<JsonObject> WaitForPhaseAsync(string name, params string[] phases) =>
        Poll.ForAsync(() => PodAsync(name), p => phases.Contains(p["status"]?["phase"]?.GetValue<string>()), TimeSpan.FromMinutes(2), $"pod {name} in phase {string.Join('/', phases)}");

    /// <summary>Waits for an event on the pod with this reason and exactly this message (kubectl's view of the agent's events).</summary>
    public Task WaitForEventAsync(string pod, string reason, string message) =>
        Poll.UntilAsync(async () =>
        {
            var events = JsonNode.Parse(await Kubectl.OkAsync("get", "events", "--field-selector", $"involvedObject.name={pod}", "-o", "json"))!["items"]!.AsArray();
            return events.Any(e => e!["reason"]?.GetValue<string>() == reason && e["message"]?.GetValue<string>() == message);
        }, TimeSpan.FromMinutes(2), () => $"a {reason} event on {pod}: {message}");

    /// <summary>The body at <paramref name="url"/> (a pod's server), or empty while it does not answer.</summary>
    public static async Task<string> GetOrEmptyAsync(HttpClient http, string url)
    {
        try
        {
            return await http.GetStringAsync(url);
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    // A failed test may leave pods running on a stopped server: their containers and sandboxes go here.
    private async Task RemoveLeftoversAsync()
    {
        // A clean stop removes the node's Service proxy and network policy tables; a crashed server does not.
        await DockerRegistry.TryRunAsync("nft", "delete", "table", "ip", $"berth-proxy-{NodeName}");
        await DockerRegistry.TryRunAsync("nft", "delete", "table", "ip", $"berth-policy-{NodeName}");
        if (!Directory.Exists(EngineRoot))
        {
            return;
        }
        var ids = await BerthBinary.RunAsync("--root", EngineRoot, "ps", "-a", "-q");
        foreach (var id in ids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await BerthBinary.RunAsync("--root", EngineRoot, "rm", "-f", id.Trim());
        }
        var pods = Path.Combine(Server.DataDir, "agent", "pods");
        foreach (var uid in Directory.Exists(pods) ? Directory.EnumerateDirectories(pods).Select(Path.GetFileName) : [])
        {
            // Deleting the namespace deletes the pod's veth; its address was in the data dir's IPAM.
            await DockerRegistry.TryRunAsync("umount", $"/run/netns/berth-{uid}");
            File.Delete($"/run/netns/berth-{uid}");
        }
        // Pod volumes mounted on the host (emptyDir medium Memory) would outlive the data dir's removal.
        foreach (var mountPoint in File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(pods + "/", StringComparison.Ordinal)))
        {
            await DockerRegistry.TryRunAsync("umount", "-l", mountPoint);
        }
    }
}
