using System.Text.Json.Nodes;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// Init containers and sidecars on real containers, applied with the real kubectl: init containers
/// run one at a time to completion before the app container (kubectl shows Init:1/2 while the second
/// waits); a failing one fails a Never pod (Init:Error) and crash-loops an Always pod
/// (Init:CrashLoopBackOff) without its app container ever being made; a sidecar must pass its startup
/// probe before the app container starts, runs beside it, is restarted alone when it exits, and is
/// stopped once the app container of a Never pod has finished, so the pod Succeeds.
/// </summary>
public sealed class PodInitContainerTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task InitContainers_RunInOrderToCompletion_BeforeTheAppContainer()
    {
        await CreatePodAsync("init-order", null,
            [
                Container("first", "echo one >> /work/log"),
                Container("second", "until [ -e /work/go ]; do sleep 0.2; done; echo two >> /work/log"),
            ],
            Container("main", "cat /work/log; exec sleep 600"));

        await Poll.ForAsync(() => StatusColumnAsync("init-order"), s => s == "Init:1/2", Patience, "kubectl's Init:1/2");
        var pod = await cluster.PodAsync("init-order");
        Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
        Assert.Null(pod["status"]!["containerStatuses"]![0]!["containerID"]);
        Assert.Equal("PodInitializing", pod["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!["reason"]!.GetValue<string>());
        Assert.Equal("False", Condition(pod, "Initialized"));

        var second = pod["status"]!["initContainerStatuses"]![1]!["containerID"]!.GetValue<string>()["berth://".Length..];
        var go = await BerthBinary.RunAsync("--root", cluster.EngineRoot, "exec", second, "touch", "/work/go");
        Assert.True(go.ExitCode == 0, go.Stderr);

        var running = await cluster.WaitForPhaseAsync("init-order", "Running");
        Assert.Equal("True", Condition(running, "Initialized"));
        Assert.All(running["status"]!["initContainerStatuses"]!.AsArray(), s =>
        {
            Assert.Equal("Completed", s!["state"]!["terminated"]!["reason"]!.GetValue<string>());
            Assert.True(s["ready"]!.GetValue<bool>());
        });
        await Poll.ForAsync(() => cluster.Kubectl.OkAsync("logs", "init-order"), l => l.Length > 0, Patience, "the app container's log");
        Assert.Equal("one\ntwo\n", await cluster.Kubectl.OkAsync("logs", "init-order"));
    }

    [Theory]
    [InlineData("Never", "Init:Error")]
    [InlineData("Always", "Init:CrashLoopBackOff")]
    public async Task AFailingInitContainer_FailsOrCrashLoops_AndTheAppContainerNeverRuns(string restartPolicy, string column)
    {
        var name = $"init-fail-{restartPolicy.ToLowerInvariant()}";
        await CreatePodAsync(name, restartPolicy, [Container("setup", "exit 3")], Container("main", "exec sleep 600"));

        await Poll.ForAsync(() => StatusColumnAsync(name), s => s == column, Patience, $"kubectl's {column}");
        var pod = await cluster.PodAsync(name);
        var init = pod["status"]!["initContainerStatuses"]![0]!;
        var exit = (init["state"]!["terminated"] ?? init["lastState"]!["terminated"])!;
        Assert.Equal(3, exit["exitCode"]!.GetValue<int>());
        Assert.Equal(restartPolicy == "Never" ? "Failed" : "Pending", pod["status"]!["phase"]!.GetValue<string>());
        if (restartPolicy == "Always")
        {
            Assert.True(init["restartCount"]!.GetValue<int>() >= 1);
        }
        Assert.Null(pod["status"]!["containerStatuses"]![0]!["containerID"]);
        Assert.DoesNotContain($"k8s_main_{name}_", await cluster.EnginePsAsync());
    }

    [Fact]
    public async Task ASidecar_StartsFirst_RunsBeside_AndRestartsAlone()
    {
        // The sidecar serves only once /tmp/go exists; the app container fails if it starts before the sidecar answers.
        var sidecar = Container("proxy", "until [ -e /tmp/go ]; do sleep 0.2; done; mkdir -p /tmp/www && echo ok > /tmp/www/index.html && exec httpd -f -p 8090 -h /tmp/www");
        sidecar["restartPolicy"] = "Always";
        sidecar["startupProbe"] = new JsonObject { ["tcpSocket"] = new JsonObject { ["port"] = 8090 }, ["periodSeconds"] = 1, ["failureThreshold"] = 600 };
        await CreatePodAsync("sidecar", null, [sidecar], Container("main", "wget -q -O /dev/null http://127.0.0.1:8090/ && exec sleep 600"));

        var waiting = await Poll.ForAsync(() => cluster.PodAsync("sidecar"),
            p => p["status"]?["initContainerStatuses"]?[0]?["state"]?["running"] is not null, Patience, "a running sidecar");
        Assert.False(waiting["status"]!["initContainerStatuses"]![0]!["started"]!.GetValue<bool>());
        Assert.Equal("Init:0/1", await StatusColumnAsync("sidecar"));
        Assert.True(waiting["status"]!["containerStatuses"]![0]!["containerID"] is null, waiting.ToJsonString());

        var proxy = waiting["status"]!["initContainerStatuses"]![0]!["containerID"]!.GetValue<string>()["berth://".Length..];
        var go = await BerthBinary.RunAsync("--root", cluster.EngineRoot, "exec", proxy, "touch", "/tmp/go");
        Assert.True(go.ExitCode == 0, go.Stderr);

        var ready = await Poll.ForAsync(() => cluster.PodAsync("sidecar"), p => Condition(p, "Ready") == "True", Patience, "a ready pod");
        Assert.Equal("Running", await StatusColumnAsync("sidecar"));
        Assert.Equal(0, ready["status"]!["containerStatuses"]![0]!["restartCount"]!.GetValue<int>());

        var kill = await BerthBinary.RunAsync("--root", cluster.EngineRoot, "kill", proxy);
        Assert.True(kill.ExitCode == 0, kill.Stderr);
        var restarted = await Poll.ForAsync(() => cluster.PodAsync("sidecar"),
            p => p["status"]?["initContainerStatuses"]?[0]?["restartCount"]?.GetValue<int>() >= 1 && p["status"]!["initContainerStatuses"]![0]!["state"]!["running"] is not null,
            Patience, "a restarted sidecar");
        var main = restarted["status"]!["containerStatuses"]![0]!;
        Assert.Equal(0, main["restartCount"]!.GetValue<int>());
        Assert.NotNull(main["state"]!["running"]);
    }

    [Fact]
    public async Task ASidecar_IsStoppedOnceTheAppContainerOfANeverPodFinished()
    {
        var sidecar = Container("logger", "exec sleep 600");
        sidecar["restartPolicy"] = "Always";
        await CreatePodAsync("sidecar-job", "Never", [sidecar], Container("main", "sleep 1"));

        var done = await cluster.WaitForPhaseAsync("sidecar-job", "Succeeded");
        Assert.NotNull(done["status"]!["initContainerStatuses"]![0]!["state"]!["terminated"]);
        Assert.Equal(0, done["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["exitCode"]!.GetValue<int>());
    }

    /// <summary>A container sharing the pod's /work directory.</summary>
    private JsonObject Container(string name, string script)
    {
        var container = cluster.ShellContainer(name, script);
        container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "work", ["mountPath"] = "/work" });
        return container;
    }

    private Task CreatePodAsync(string name, string? restartPolicy, JsonObject[] inits, JsonObject app) =>
        cluster.ApplyPodAsync(name, [app], spec =>
        {
            spec["initContainers"] = new JsonArray(inits);
            spec["volumes"] = new JsonArray(new JsonObject { ["name"] = "work", ["emptyDir"] = new JsonObject() });
            if (restartPolicy is not null)
            {
                spec["restartPolicy"] = restartPolicy;
            }
        });

    /// <summary>kubectl get's STATUS column for the pod.</summary>
    private async Task<string> StatusColumnAsync(string pod) =>
        (await cluster.Kubectl.OkAsync("get", "pod", pod, "--no-headers")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];

    private static string? Condition(JsonNode pod, string type) =>
        pod["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c!["type"]!.GetValue<string>() == type)?["status"]?.GetValue<string>();
}
