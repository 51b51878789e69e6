using System.Text.Json.Nodes;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// The embedded agent runs pods on the real engine (runc, overlayfs, CNI bridge): a Deployment made
/// with the real kubectl answers on its pod IPs, a deleted pod is stopped and replaced, and
/// restartPolicy decides what an exited container does.
/// </summary>
public sealed class PodRunTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private Api.Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task Deployment_PodsRunAndAnswerOnTheirPodIp_AndADeletedPodIsReplaced()
    {
        await CreateDeploymentAsync("web", replicas: 2, "httpd", "-f", "-p", "8080", "-h", "/etc");

        var pods = await RunningReadyPodsAsync("app=web", 2);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var pod in pods)
        {
            var name = pod["metadata"]!["name"]!.GetValue<string>();
            var status = pod["status"]!;
            // busybox httpd serves /etc: the pod's hostname file says the pod's name.
            Assert.Equal(name, (await http.GetStringAsync($"http://{status["podIP"]}:8080/hostname")).Trim());
            var container = status["containerStatuses"]![0]!;
            Assert.True(container["ready"]!.GetValue<bool>());
            Assert.Equal(0, container["restartCount"]!.GetValue<int>());
            Assert.NotNull(container["state"]!["running"]);
            Assert.StartsWith("berth://", container["containerID"]!.GetValue<string>());
            Assert.Equal("True", Condition(status, "Ready"));
            Assert.Equal("BestEffort", status["qosClass"]!.GetValue<string>());
        }
        Assert.Contains($"k8s_busybox_{pods[0]["metadata"]!["name"]}_default_", await cluster.EnginePsAsync());

        var victim = pods[0]["metadata"]!["name"]!.GetValue<string>();
        var victimUid = pods[0]["metadata"]!["uid"]!.GetValue<string>();
        // httpd ignores SIGTERM as pid 1: the 2 s grace period ends with SIGKILL; kubectl waits for the pod to be gone.
        await Kubectl.OkAsync("delete", "pod", victim, "--timeout=60s");

        var replaced = await RunningReadyPodsAsync("app=web", 2);
        Assert.DoesNotContain(victim, replaced.Select(p => p["metadata"]!["name"]!.GetValue<string>()));
        Assert.DoesNotContain(victimUid, await cluster.EnginePsAsync());
        Assert.False(File.Exists($"/run/netns/berth-{victimUid}"), "the deleted pod's network namespace is gone");
        Assert.Equal(cluster.NodeName, replaced[0]["spec"]!["nodeName"]!.GetValue<string>());
    }

    [Fact]
    public async Task RestartPolicyNever_FailedContainer_FailsThePodWithItsExitCode()
    {
        await CreatePodAsync("fails-once", "Never", "exit 3");

        var pod = await cluster.WaitForPhaseAsync("fails-once", "Failed", "Succeeded");

        Assert.Equal("Failed", pod["status"]!["phase"]!.GetValue<string>());
        var terminated = pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!;
        Assert.Equal(3, terminated["exitCode"]!.GetValue<int>());
        Assert.Equal("Error", terminated["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task RestartPolicyOnFailure_SuccessfulContainer_SucceedsThePod()
    {
        await CreatePodAsync("succeeds", "OnFailure", "exit 0");

        var pod = await cluster.WaitForPhaseAsync("succeeds", "Succeeded", "Failed");

        Assert.Equal("Succeeded", pod["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("Completed", pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task RestartPolicyAlways_CrashingContainer_IsRestartedWithBackoff()
    {
        await CreatePodAsync("crashes", "Always", "exit 1");

        var pod = await Poll.ForAsync(() => cluster.PodAsync("crashes"),
            p => p["status"]?["containerStatuses"]?[0]?["state"]?["waiting"]?["reason"]?.GetValue<string>() == "CrashLoopBackOff",
            Patience, "a crash-looping container");

        var container = pod["status"]!["containerStatuses"]![0]!;
        Assert.True(container["restartCount"]!.GetValue<int>() >= 1);
        Assert.Equal(1, container["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.Equal("Running", pod["status"]!["phase"]!.GetValue<string>());
        Assert.Contains("BackOff", await Kubectl.OkAsync("get", "events", "--field-selector", "involvedObject.name=crashes"));
    }

    /// <summary>`kubectl create deployment --image=… -- COMMAND` with a short grace period; the scheduler picks the node.</summary>
    private async Task CreateDeploymentAsync(string name, int replicas, params string[] command)
    {
        var json = await Kubectl.OkAsync(["create", "deployment", name, $"--image={cluster.Image}", $"--replicas={replicas}", "--dry-run=client", "-o", "json", "--", .. command]);
        var deployment = JsonNode.Parse(json)!;
        var spec = deployment["spec"]!["template"]!["spec"]!;
        spec["terminationGracePeriodSeconds"] = 2;
        await Kubectl.ApplyAsync(deployment.ToJsonString());
    }

    private async Task CreatePodAsync(string name, string restartPolicy, string script)
    {
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["nodeName"] = cluster.NodeName,
                ["restartPolicy"] = restartPolicy,
                ["terminationGracePeriodSeconds"] = 1,
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "main",
                    ["image"] = cluster.Image,
                    ["command"] = new JsonArray("sh", "-c", script),
                }),
            },
        };
        await Kubectl.ApplyAsync(pod.ToJsonString());
    }

    private Task<List<JsonObject>> RunningReadyPodsAsync(string selector, int count) =>
        Poll.ForAsync(() => cluster.PodsAsync(selector),
            pods => pods.Count(p => p["metadata"]?["deletionTimestamp"] is null && p["status"]?["phase"]?.GetValue<string>() == "Running"
                && Condition(p["status"]!, "Ready") == "True" && p["status"]?["podIP"] is not null) == count
                && pods.Count == count,
            Patience, $"{count} running, ready pods with {selector}");

    private static string? Condition(JsonNode status, string type) =>
        status["conditions"]?.AsArray().FirstOrDefault(c => c!["type"]!.GetValue<string>() == type)?["status"]?.GetValue<string>();
}
