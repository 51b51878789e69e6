using System.Text.Json.Nodes;
using Berth.Acceptance.Api;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// `kubectl debug` with ephemeral containers on real containers: a debug shell added to a running pod joins
/// its network and, with --target, its container's processes; it runs once and is reported apart, the pod's own
/// containers untouched; a clashing name or a missing target is refused with kube's words.
/// </summary>
public sealed class PodDebugTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task DebugIt_WithATarget_SeesTheTargetsProcessesAndNetwork_ThenIsReportedTerminated()
    {
        await cluster.ApplyPodAsync("debugged", [cluster.ShellContainer("main", "mkdir -p /www && echo served-by-main > /www/index.html && exec httpd -f -p 8080 -h /www")]);
        await cluster.WaitForPhaseAsync("debugged", "Running");

        var session = await Kubectl.RunOnTerminalAsync("ps -o pid,args; wget -qO- http://127.0.0.1:8080/; exit 3\n",
            "debug", "-it", "debugged", $"--image={cluster.Image}", "--target=main", "-c", "dbg", "--", "sh");

        Assert.True(session.ExitCode == 0, $"exit {session.ExitCode}: {session.Stdout} {session.Stderr}");
        Assert.Contains("httpd -f -p 8080 -h /www", session.Stdout);
        Assert.Contains("served-by-main", session.Stdout);
        var pod = await Poll.ForAsync(() => cluster.PodAsync("debugged"), p => Ephemeral(p, "dbg")?["state"]?["terminated"] is not null,
            TimeSpan.FromMinutes(1), "the debug container reported terminated");
        Assert.Equal(3, Ephemeral(pod, "dbg")!["state"]!["terminated"]!["exitCode"]!.GetValue<int>());
        Assert.False(Ephemeral(pod, "dbg")!["ready"]!.GetValue<bool>());
        Assert.Equal("Running", pod["status"]!["phase"]!.GetValue<string>());
        var main = pod["status"]!["containerStatuses"]![0]!;
        Assert.Equal((0, true), (main["restartCount"]!.GetValue<int>(), main["ready"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Debug_WithoutATerminal_RunsOnceWithItsOwnLogs_AndBadRequestsAreRefused()
    {
        await cluster.ApplyPodAsync("probed", [cluster.ShellContainer("main", "exec sleep 3600")]);
        await cluster.WaitForPhaseAsync("probed", "Running");

        await Kubectl.OkAsync("debug", "probed", $"--image={cluster.Image}", "-c", "once", "--", "sh", "-c", "echo from-debug-$((6*7))");

        await Poll.ForAsync(() => cluster.PodAsync("probed"), p => Ephemeral(p, "once")?["state"]?["terminated"] is not null, TimeSpan.FromMinutes(1), "the one-shot debug container done");
        Assert.Equal("from-debug-42", (await Kubectl.OkAsync("logs", "probed", "-c", "once")).Trim());
        var clash = await Kubectl.RunAsync("debug", "probed", $"--image={cluster.Image}", "-c", "main", "--", "true");
        Assert.NotEqual(0, clash.ExitCode);
        Assert.Contains("spec.ephemeralContainers[1].name: Duplicate value: \"main\"", clash.Stderr);
        var missing = await Kubectl.RunAsync("debug", "probed", $"--image={cluster.Image}", "--target=nope", "-c", "lost", "--", "true");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("spec.ephemeralContainers[1].targetContainerName: Not found: \"nope\"", missing.Stderr);
        // An ephemeral container is never restarted, and the refused ones were never added.
        var pod = await cluster.PodAsync("probed");
        Assert.Equal(["once"], pod["spec"]!["ephemeralContainers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal(0, Ephemeral(pod, "once")!["restartCount"]!.GetValue<int>());
    }

    private static JsonNode? Ephemeral(JsonObject pod, string name) =>
        (pod["status"]?["ephemeralContainerStatuses"] as JsonArray)?.FirstOrDefault(s => s?["name"]?.GetValue<string>() == name);
}
