using System.Text.Json.Nodes;
using Berth.Acceptance.Api;
using Berth.Acceptance.Registry;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// A single-node cluster whose data dir (engine, pods, agent state) is a 64 MiB tmpfs a test can fill, while
/// the API server's store lives on another disk, as when an operator points --datastore-endpoint elsewhere.
/// </summary>
public sealed class SmallDiskCluster : AgentCluster
{
    private readonly string _store = Directory.CreateTempSubdirectory("berth-store-").FullName;

    protected override IEnumerable<string> ServerArguments => ["--datastore-endpoint", $"sqlite://{Path.Combine(_store, "state.db")}"];

    public string Filler => Path.Combine(Server.DataDir, "filler");

    protected override Task BeforeServerStartsAsync() => DockerRegistry.RunAsync("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", Server.DataDir);

    protected override async Task AfterServerStopsAsync()
    {
        await DockerRegistry.TryRunAsync("umount", "-l", Server.DataDir);
        Directory.Delete(_store, recursive: true);
    }

    /// <summary>Writes zeros under the data dir until the disk has no space left.</summary>
    public void FillDisk()
    {
        var chunk = new byte[1 << 20];
        using var file = File.Create(Filler);
        try
        {
            while (true)
            {
                file.Write(chunk);
                file.Flush();
            }
        }
        catch (IOException)
        {
            // No space left on device: full.
        }
    }
}

/// <summary>
/// A full disk under the agent's data dir, on real containers: a new pod is rejected as kubelet rejects it
/// under DiskPressure, a container that must be recreated fails with CreateContainerError naming the cause,
/// the node reports DiskPressure, and a running pod keeps answering exec and logs; with space back, the
/// pod restarts.
/// </summary>
public sealed class PodDiskFullTests(SmallDiskCluster cluster) : IClassFixture<SmallDiskCluster>
{
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task FullDisk_RejectsNewPodsFailsRecreatesAndKeepsRunningPodsServing()
    {
        await cluster.ApplyPodAsync("steady", [cluster.ShellContainer("app", "echo up; exec sleep 3600")]);
        await cluster.ApplyPodAsync("restarting", [cluster.ShellContainer("app", "sleep 2; exit 1")]);
        await cluster.WaitForPhaseAsync("steady", "Running");
        await cluster.WaitForPhaseAsync("restarting", "Running");
        // Running does not mean conmon has written "up" to the log yet: on a loaded machine it could still be
        // unwritten when the disk fills, and then it is lost to ENOSPC, not kept by the node.
        await Poll.UntilAsync(async () => (await Kubectl.OkAsync("logs", "steady")).Contains("up", StringComparison.Ordinal), TimeSpan.FromMinutes(1), () => "the steady pod's first log line");

        cluster.FillDisk();
        try
        {
            await cluster.ApplyPodAsync("late", [cluster.ShellContainer("app", "exec sleep 3600")]);
            var late = await cluster.WaitForPhaseAsync("late", "Failed");
            Assert.Equal(("Evicted", "Pod was rejected: The node had condition: [DiskPressure]. "),
                (late["status"]!["reason"]!.GetValue<string>(), late["status"]!["message"]!.GetValue<string>()));
            await cluster.WaitForEventAsync("late", "Evicted", "The node had condition: [DiskPressure]. ");

            var restarting = await Poll.ForAsync(() => cluster.PodAsync("restarting"), p => Waiting(p)?["reason"]?.GetValue<string>() == "CreateContainerError",
                TimeSpan.FromMinutes(2), "the restarting pod's next container refused");
            Assert.Contains("No space left on device", Waiting(restarting)!["message"]!.GetValue<string>());

            await Poll.UntilAsync(async () => await NodeConditionAsync("DiskPressure") == "True", TimeSpan.FromMinutes(1), () => "the node reporting DiskPressure");
            var taints = await Kubectl.OkAsync("get", "node", cluster.NodeName, "-o", "jsonpath={.spec.taints[*].key}");
            Assert.Contains("node.kubernetes.io/disk-pressure", taints);

            Assert.Equal("hello", (await Kubectl.OkAsync("exec", "steady", "--", "echo", "hello")).Trim());
            Assert.Contains("up", await Kubectl.OkAsync("logs", "steady"));
            Assert.Equal("Running", (await cluster.PodAsync("steady"))["status"]!["phase"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(cluster.Filler);
        }

        await Poll.UntilAsync(async () => await NodeConditionAsync("DiskPressure") == "False", TimeSpan.FromMinutes(1), () => "DiskPressure gone");
        await Poll.ForAsync(() => cluster.PodAsync("restarting"), p => p["status"]?["containerStatuses"]?[0]?["state"]?["running"] is not null,
            TimeSpan.FromMinutes(3), "the restarting pod running again");
        Assert.Equal("Failed", (await cluster.PodAsync("late"))["status"]!["phase"]!.GetValue<string>());
    }

    private static JsonNode? Waiting(JsonObject pod) => pod["status"]?["containerStatuses"]?[0]?["state"]?["waiting"];

    private async Task<string> NodeConditionAsync(string type) =>
        await Kubectl.OkAsync("get", "node", cluster.NodeName, "-o", $"jsonpath={{.status.conditions[?(@.type==\"{type}\")].status}}");
}
