using System.Text.Json.Nodes;
using Berth.Acceptance.Registry;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// Pods through a server restart, a simulated host reboot and a churn of 50 pods, on real containers: a restarted
/// server re-adopts the running containers (same container, restartCount unchanged); after a reboot (every shim and
/// container killed, the runtime's state and the network namespaces gone) pods come back per their restartPolicy in
/// fresh sandboxes; and deleting pods leaves no network namespace, veth, mount, cgroup or address behind.
/// </summary>
public sealed class PodRecoveryTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task ServerRestart_KeepsContainersRunning_AndAdoptsThem()
    {
        await cluster.ApplyPodAsync("steady", [cluster.ShellContainer("main", "echo started; exec sleep 3600")]);
        var before = await WaitForReadyAsync("steady");

        Assert.Equal(0, await cluster.Server.StopAsync());
        Assert.Contains("Up", await cluster.EnginePsAsync());
        var restartedAt = DateTimeOffset.UtcNow;
        await cluster.Server.StartAsync();

        // The agent has synced since its restart once the Node's Ready heartbeat is newer than the restart.
        await Poll.UntilAsync(async () => DateTimeOffset.Parse((await Kubectl.OkAsync("get", "node", cluster.NodeName, "-o",
            "jsonpath={.status.conditions[?(@.type==\"Ready\")].lastHeartbeatTime}")).Trim()) > restartedAt, Patience, () => "a heartbeat after the restart");
        await Kubectl.OkAsync("exec", "steady", "--", "true");
        var after = await WaitForReadyAsync("steady");
        var container = after["status"]!["containerStatuses"]![0]!;
        Assert.Equal(ContainerId(before), ContainerId(after));
        Assert.Equal(0, container["restartCount"]!.GetValue<int>());
        Assert.Equal(before["status"]!["containerStatuses"]![0]!["state"]!["running"]!["startedAt"]!.GetValue<string>(),
            container["state"]!["running"]!["startedAt"]!.GetValue<string>());
        Assert.Equal(PodIp(before), PodIp(after));
        Assert.Equal("started\n", await Kubectl.OkAsync("logs", "steady"));

        await Kubectl.OkAsync("delete", "pod", "steady", "--timeout=60s");
    }

    [Fact]
    public async Task Reboot_BringsPodsBackPerRestartPolicy_InFreshSandboxes()
    {
        await cluster.ApplyPodAsync("always", [cluster.ShellContainer("main", "exec sleep 3600")]);
        await cluster.ApplyPodAsync("never", [cluster.ShellContainer("main", "exec sleep 3600")], spec => spec["restartPolicy"] = "Never");
        var always = await WaitForReadyAsync("always");
        var never = await WaitForReadyAsync("never");

        Assert.Equal(0, await cluster.Server.StopAsync());
        await SimulateRebootAsync([always, never]);
        Assert.False(File.Exists($"/run/netns/berth-{Uid(always)}"));
        await cluster.Server.StartAsync();

        var back = await Poll.ForAsync(() => cluster.PodAsync("always"), p => Ready(p) && p["status"]!["containerStatuses"]![0]!["restartCount"]!.GetValue<int>() == 1,
            Patience, "pod always Ready again after one restart");
        Assert.NotEqual(ContainerId(always), ContainerId(back));
        Assert.True(File.Exists($"/run/netns/berth-{Uid(always)}"), "a fresh network namespace for pod always");
        await Kubectl.OkAsync("exec", "always", "--", "true");

        var failed = await cluster.WaitForPhaseAsync("never", "Failed");
        var terminated = failed["status"]!["containerStatuses"]![0]!;
        Assert.Equal(0, terminated["restartCount"]!.GetValue<int>());
        Assert.NotNull(terminated["state"]!["terminated"]);

        await Kubectl.OkAsync("delete", "pod", "always", "never", "--timeout=60s");
    }

    [Fact]
    public async Task ChurnOfFiftyPods_LeavesNothingBehind()
    {
        var ipam = Path.Combine(cluster.Server.DataDir, "agent", "ipam");
        var addressesBefore = Addresses(ipam);
        var vethsBefore = await VethsAsync();
        var mountsBefore = MountsUnder(cluster.Server.DataDir);

        var deployment = JsonNode.Parse(await Kubectl.OkAsync("create", "deployment", "churn", $"--image={cluster.Image}", "--replicas=50",
            "--dry-run=client", "-o", "json", "--", "sleep", "3600"))!;
        deployment["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"] = 1;
        await Kubectl.ApplyAsync(deployment.ToJsonString());
        var pods = await Poll.ForAsync(() => cluster.PodsAsync("app=churn"), p => p.Count == 50 && p.All(Ready), Patience, "50 churn pods Ready");
        Assert.Equal(50, pods.Select(PodIp).Distinct().Count());
        Assert.Equal(vethsBefore.Count + 50, (await VethsAsync()).Count);

        await Kubectl.OkAsync("delete", "deployment", "churn");
        await Poll.UntilAsync(async () => (await cluster.PodsAsync("app=churn")).Count == 0, Patience, () => "every churn pod deleted");

        Assert.DoesNotContain(pods.Select(Uid), uid => File.Exists($"/run/netns/berth-{uid}"));
        Assert.Empty(pods.Select(ContainerId).SelectMany(CgroupsOf));
        Assert.Equal(vethsBefore, await VethsAsync());
        Assert.Equal(mountsBefore, MountsUnder(cluster.Server.DataDir));
        Assert.Equal(addressesBefore, Addresses(ipam));
        Assert.DoesNotContain("k8s_main_churn", await cluster.EnginePsAsync());
    }

    // A host reboot as the node's runtime sees it: every shim and container process killed at once (the shims first, so
    // none records an exit), the tmpfs under /run emptied of the runtime's state, the exits and the pods' network
    // namespaces; the data dir (images, containers' records, pod directories) stays.
    private async Task SimulateRebootAsync(IEnumerable<JsonObject> pods)
    {
        foreach (var shim in SimulatedReboot.Shims(cluster.EngineRoot))
        {
            await DockerRegistry.TryRunAsync("kill", "-9", shim);
        }
        foreach (var pod in pods)
        {
            var id = ContainerId(pod);
            foreach (var pid in File.ReadAllLines($"/sys/fs/cgroup/pids/berth/{id}/cgroup.procs"))
            {
                await DockerRegistry.RunAsync("kill", "-9", pid);
            }
            Directory.Delete($"/run/berth/runc/{id}", recursive: true);
            if (Directory.Exists($"/run/berth/exits/{id}"))
            {
                Directory.Delete($"/run/berth/exits/{id}", recursive: true);
            }
            await DockerRegistry.RunAsync("umount", $"/run/netns/berth-{Uid(pod)}");
            File.Delete($"/run/netns/berth-{Uid(pod)}");
        }
    }

    private Task<JsonObject> WaitForReadyAsync(string name) => Poll.ForAsync(() => cluster.PodAsync(name), Ready, Patience, $"pod {name} Ready");

    private async Task<List<string>> VethsAsync() =>
        [.. (await DockerRegistry.RunAsync("ip", "-o", "link", "show", "master", cluster.PodBridge)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[1].Split('@')[0]).Order()];

    private static List<string> MountsUnder(string path) =>
        [.. File.ReadLines("/proc/self/mountinfo").Select(line => line.Split(' ')[4]).Where(m => m.StartsWith(path, StringComparison.Ordinal)).Order()];

    // host-local IPAM keeps one file per reserved address, named by it.
    private static List<string> Addresses(string ipam) =>
        [.. Directory.EnumerateFiles(ipam, "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>()
            .Where(name => System.Net.IPAddress.TryParse(name, out _)).Order()];

    private static IEnumerable<string> CgroupsOf(string containerId) =>
        Directory.EnumerateDirectories("/sys/fs/cgroup").Select(controller => Path.Combine(controller, "berth", containerId)).Where(Directory.Exists);

    private static bool Ready(JsonObject pod) =>
        pod["status"]?["conditions"]?.AsArray().Any(c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True") == true;

    private static string ContainerId(JsonObject pod) => pod["status"]!["containerStatuses"]![0]!["containerID"]!.GetValue<string>()["berth://".Length..];

    private static string Uid(JsonObject pod) => pod["metadata"]!["uid"]!.GetValue<string>();

    private static string? PodIp(JsonObject pod) => pod["status"]?["podIP"]?.GetValue<string>();
}
