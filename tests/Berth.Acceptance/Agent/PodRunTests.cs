using System.Text.Json.Nodes;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// The embedded agent runs pods on the real engine (runc, overlayfs, CNI bridge): a Deployment made
/// with the real kubectl answers on its pod IPs (from the node's pod CIDR), a deleted pod is stopped and replaced, and
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

        // Addresses come from the subnet the node-ipam-controller gave the node.
        var podCidr = System.Net.IPNetwork.Parse((await Kubectl.OkAsync("get", "node", cluster.NodeName, "-o", "jsonpath={.spec.podCIDR}")).Trim());
        Assert.All(pods, p => Assert.True(podCidr.Contains(System.Net.IPAddress.Parse(p["status"]!["podIP"]!.GetValue<string>())), $"{p["status"]!["podIP"]} is outside {podCidr}"));
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

        // The first minute's log holds no false alarms: the server's own agent needs no reverse tunnel, and a controller
        // retrying from a stale copy (a 409) is optimistic concurrency at work, not a warning with a stack trace.
        Assert.DoesNotContain("reverse tunnel", cluster.Server.Log);
        Assert.DoesNotContain("the object has been modified", cluster.Server.Log);
    }

    [Fact]
    public async Task ImageBuiltOnTheNodeUnderAShortName_RunsWithoutAPull()
    {
        // `berth build -t tools/sh:1` stores it as localhost/tools/sh:1, as Podman stores local images.
        var context = Directory.CreateTempSubdirectory("berth-local-image-");
        try
        {
            File.Copy("/bin/busybox", Path.Combine(context.FullName, "busybox"));
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "Containerfile"), "FROM scratch\nCOPY busybox /bin/busybox\nCMD [\"/bin/busybox\", \"sh\"]\n");
            var build = await BerthBinary.RunAsync("--root", cluster.EngineRoot, "build", "-t", "tools/sh:1", context.FullName);
            Assert.True(build.ExitCode == 0, build.Stderr);
        }
        finally
        {
            context.Delete(recursive: true);
        }

        await Kubectl.OkAsync("run", "local-image", "--image=tools/sh:1", "--restart=Never", "--", "/bin/busybox", "true");

        await cluster.WaitForPhaseAsync("local-image", "Succeeded");
        await cluster.WaitForEventAsync("local-image", "Pulled", "Container image \"tools/sh:1\" already present on machine");
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

    [Fact]
    public async Task KubectlLogsAndExec_ReachThePodsContainerThroughTheApiServer()
    {
        // stdout and stderr reach the log through two pipes: the pause keeps "two" from overtaking "three".
        await CreatePodAsync("talks", "Always", "echo one; echo two >&2; sleep 1; echo three; exec sleep 3600");
        await cluster.WaitForPhaseAsync("talks", "Running");
        var logs = await Poll.ForAsync(() => Kubectl.OkAsync("logs", "talks"), l => l.Contains("three"), Patience, "the pod's log");

        Assert.Equal(["one", "three", "two"], logs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal("three\n", await Kubectl.OkAsync("logs", "talks", "--tail=1"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z three$", (await Kubectl.OkAsync("logs", "talks", "--tail=1", "--timestamps")).TrimEnd());

        var exec = await Kubectl.RunAsync("exec", "talks", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.True(exec.ExitCode == 3, $"exit {exec.ExitCode}: {exec.Stderr}");
        Assert.Equal("out\n", exec.Stdout);
        Assert.Contains("err", exec.Stderr);
        var piped = await Kubectl.RunWithStdinAsync("through stdin\n", "exec", "-i", "talks", "--", "cat");
        Assert.Equal(0, piped.ExitCode);
        Assert.Equal("through stdin\n", piped.Stdout);
        Assert.Equal("talks\n", await Kubectl.OkAsync("exec", "talks", "--", "hostname"));
        // -it: the command gets a terminal of the client's size, and what is typed.
        var terminal = await Kubectl.RunOnTerminalAsync("typed\n", "exec", "-it", "talks", "--", "sh", "-c", "tty; stty size; read line; echo got-$line; exit 3");
        Assert.True(terminal.ExitCode == 3, $"exit {terminal.ExitCode}: {terminal.Stdout} {terminal.Stderr}");
        Assert.Matches(@"/dev/pts/\d+\r\n40 132\r\n", terminal.Stdout);
        Assert.Contains("got-typed", terminal.Stdout);

        var wrong = await Kubectl.RunAsync("exec", "talks", "-c", "nope", "--", "true");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("container nope is not valid for pod talks", wrong.Stderr);
    }

    [Fact]
    public async Task KubectlLogs_FollowsSelectsContainersAndRuns()
    {
        await CreatePodAsync("speaks", "Always", "echo early; sleep 2; echo late; exec sleep 3600", ("second", "echo from-second; exec sleep 3600"));
        await cluster.WaitForPhaseAsync("speaks", "Running");
        var stamped = await Poll.ForAsync(() => Kubectl.OkAsync("logs", "speaks", "-c", "main", "--timestamps"), l => l.Contains("late"), Patience, "the late line");

        Assert.Equal("early\nlate\n", await Kubectl.OkAsync("logs", "speaks", "-c", "main", "--since=1h"));
        // kubectl sends --since-time in whole seconds: the 2 s pause puts "early" before the second "late" was written in.
        var lateTime = stamped.Split('\n').Single(l => l.EndsWith(" late", StringComparison.Ordinal)).Split(' ')[0];
        Assert.Equal("late\n", await Kubectl.OkAsync("logs", "speaks", "-c", "main", $"--since-time={lateTime}"));
        Assert.Equal("from-second\n", await Kubectl.OkAsync("logs", "speaks", "-c", "second"));
        var all = await Kubectl.OkAsync("logs", "speaks", "--all-containers", "--prefix");
        Assert.Contains("[pod/speaks/main] late", all);
        Assert.Contains("[pod/speaks/second] from-second", all);
        var never = await Kubectl.RunAsync("logs", "speaks", "-c", "main", "-p");
        Assert.NotEqual(0, never.ExitCode);
        Assert.Contains("previous terminated container \"main\" in pod \"speaks\" not found", never.Stderr);

        // -f streams until the container exits: the line written after kubectl started arrives.
        await CreatePodAsync("counts", "Never", "echo first; sleep 4; echo second");
        await Poll.ForAsync(() => Kubectl.RunAsync("logs", "counts"), r => r.Stdout.Contains("first"), Patience, "the first line");
        Assert.Equal("first\nsecond\n", await Kubectl.OkAsync("logs", "-f", "counts"));

        await CreatePodAsync("restarts", "Always", "cat /proc/sys/kernel/random/uuid; exit 1");
        await Poll.ForAsync(() => cluster.PodAsync("restarts"),
            p => p["status"]?["containerStatuses"]?[0]?["restartCount"]?.GetValue<int>() >= 1, Patience, "a restarted container");
        var previous = await Kubectl.OkAsync("logs", "restarts", "-p");
        Assert.Matches("^[0-9a-f-]{36}\n$", previous);
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

    /// <summary>A pod on this node whose container "main" runs <paramref name="script"/>, with more (name, script) containers after it.</summary>
    private Task CreatePodAsync(string name, string restartPolicy, string script, params (string Name, string Script)[] more) =>
        cluster.ApplyPodAsync(name, new[] { ("main", script) }.Concat(more).Select(c => cluster.ShellContainer(c.Item1, c.Item2)),
            spec => spec["restartPolicy"] = restartPolicy);

    private Task<List<JsonObject>> RunningReadyPodsAsync(string selector, int count) =>
        Poll.ForAsync(() => cluster.PodsAsync(selector),
            pods => pods.Count(p => p["metadata"]?["deletionTimestamp"] is null && p["status"]?["phase"]?.GetValue<string>() == "Running"
                && Condition(p["status"]!, "Ready") == "True" && p["status"]?["podIP"] is not null) == count
                && pods.Count == count,
            Patience, $"{count} running, ready pods with {selector}");

    private static string? Condition(JsonNode status, string type) =>
        status["conditions"]?.AsArray().FirstOrDefault(c => c!["type"]!.GetValue<string>() == type)?["status"]?.GetValue<string>();
}
