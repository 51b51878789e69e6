using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// RuntimeClasses on real containers: a pod runs on its class's handler (runc or crun), kubectl lists classes with
/// their handlers, a class that does not exist is refused at admission, and a handler the node lacks fails the
/// sandbox in containerd's words.
/// </summary>
public sealed class PodRuntimeClassTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task APodRunsOnItsClasssHandler_AndKubectlListsTheClasses()
    {
        await Kubectl.ApplyAsync("""
            apiVersion: node.k8s.io/v1
            kind: RuntimeClass
            metadata: {name: standard}
            handler: runc
            ---
            apiVersion: node.k8s.io/v1
            kind: RuntimeClass
            metadata: {name: crun}
            handler: crun
            """);
        await cluster.ApplyPodAsync("on-runc", [cluster.ShellContainer("main", "exec sleep 3600")], spec => spec["runtimeClassName"] = "standard");
        await cluster.ApplyPodAsync("on-crun", [cluster.ShellContainer("main", "exec sleep 3600")], spec => spec["runtimeClassName"] = "crun");

        var onRunc = await cluster.WaitForPhaseAsync("on-runc", "Running");
        Assert.True(Directory.Exists($"/run/berth/runc/{ContainerId(onRunc)}"), "runc holds no state for the runc class's container");
        // crun refuses hosts whose cgroups are in hybrid mode (as this one may be): the engine's reason then says so.
        var onCrun = await Poll.ForAsync(() => cluster.PodAsync("on-crun"),
            p => p["status"]?["phase"]?.GetValue<string>() == "Running" || Waiting(p) == "CreateContainerError", TimeSpan.FromMinutes(2), "the crun pod running or refused");
        if (Waiting(onCrun) == "CreateContainerError")
        {
            Assert.Contains("crun cannot run containers on this host", onCrun["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!["message"]!.GetValue<string>());
        }
        else
        {
            Assert.True(Directory.Exists($"/run/berth/crun/{ContainerId(onCrun)}"), "crun holds no state for the crun class's container");
        }
        var listed = await Kubectl.OkAsync("get", "runtimeclass");
        Assert.Matches(@"^NAME\s+HANDLER\s+AGE\n", listed);
        Assert.Matches(@"\ncrun\s+crun\s+\d+s\n", listed);
        Assert.Matches(@"\nstandard\s+runc\s+\d+s\n", listed);
        await Kubectl.OkAsync("delete", "pod", "on-runc", "on-crun", "--timeout=60s");
    }

    [Fact]
    public async Task AMissingClassIsRefused_AndAHandlerTheNodeLacksFailsTheSandbox()
    {
        var missing = await Kubectl.RunAsync("run", "no-class", $"--image={cluster.Image}", "--overrides", """{"spec":{"runtimeClassName":"nope"}}""", "--", "sleep", "60");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("pods \"no-class\" is forbidden: pod rejected: RuntimeClass \"nope\" not found", missing.Stderr);

        await Kubectl.ApplyAsync("""
            apiVersion: node.k8s.io/v1
            kind: RuntimeClass
            metadata: {name: kata}
            handler: kata
            """);
        await cluster.ApplyPodAsync("on-kata", [cluster.ShellContainer("main", "exec sleep 3600")], spec => spec["runtimeClassName"] = "kata");

        await cluster.WaitForEventAsync("on-kata", "FailedCreatePodSandBox", "Failed to create pod sandbox: failed to get sandbox runtime: no runtime for \"kata\" is configured");
        Assert.Equal("Pending", (await cluster.PodAsync("on-kata"))["status"]!["phase"]!.GetValue<string>());
        await Kubectl.OkAsync("delete", "pod", "on-kata", "--timeout=60s");
    }

    private static string ContainerId(System.Text.Json.Nodes.JsonObject pod) =>
        pod["status"]!["containerStatuses"]![0]!["containerID"]!.GetValue<string>()["berth://".Length..];

    private static string? Waiting(System.Text.Json.Nodes.JsonObject pod) =>
        pod["status"]?["containerStatuses"]?[0]?["state"]?["waiting"]?["reason"]?.GetValue<string>();
}
