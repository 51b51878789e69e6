using System.Text.Json.Nodes;
using Berth.Testing;

namespace Berth.Acceptance.Agent;

/// <summary>
/// Lifecycle hooks on real containers, applied with the real kubectl: a postStart exec hook has
/// finished before the container is reported Running, a failing one kills the container with kube's
/// FailedPostStartHook and Killing events; preStop hooks (exec, httpGet) run before the
/// stop signal when the pod is deleted, a failing one is kube's FailedPreStopHook.
/// </summary>
public sealed class PodLifecycleHookTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task PostStart_HasFinished_WhenTheContainerIsReportedRunning()
    {
        var container = cluster.ShellContainer("main", "exec sleep 600");
        container["lifecycle"] = new JsonObject { ["postStart"] = Exec("sleep 2; echo hooked > /tmp/hook") };
        await cluster.ApplyPodAsync("post-start", [container]);

        await Poll.ForAsync(() => cluster.PodAsync("post-start"), p => p["status"]?["containerStatuses"]?[0]?["state"]?["running"] is not null, Patience, "a running container");

        Assert.Equal("hooked\n", await cluster.Kubectl.OkAsync("exec", "post-start", "--", "cat", "/tmp/hook"));
    }

    [Fact]
    public async Task PostStartFailure_KillsTheContainer_WithKubesEventsAndMessage()
    {
        var container = cluster.ShellContainer("main", "exec sleep 600");
        container["lifecycle"] = new JsonObject { ["postStart"] = Exec("echo broken >&2; exit 3") };
        await cluster.ApplyPodAsync("post-start-fails", [container], spec => spec["restartPolicy"] = "Never");

        var pod = await cluster.WaitForPhaseAsync("post-start-fails", "Failed");

        var status = pod["status"]!["containerStatuses"]![0]!;
        Assert.NotNull(status["state"]!["terminated"]);
        Assert.Equal(0, status["restartCount"]!.GetValue<int>());
        await cluster.WaitForEventAsync("post-start-fails", "FailedPostStartHook", "PostStartHook failed");
        await cluster.WaitForEventAsync("post-start-fails", "Killing", "FailedPostStartHook");
    }

    [Fact]
    public async Task PreStop_ExecAndHttpGet_RunBeforeTheStopSignal_AndAFailureIsAnEvent()
    {
        var host = Directory.CreateTempSubdirectory("berth-prestop-").FullName;
        try
        {
            // Each container logs its SIGTERM after what its preStop hook logged (httpGet: a CGI script of its httpd).
            const string Trap = "trap 'echo term >> /out/$NAME; exit 0' TERM; echo start >> /out/$NAME; while true; do sleep 0.2; done";
            var exec = cluster.ShellContainer("exec", Trap);
            exec["lifecycle"] = new JsonObject { ["preStop"] = Exec("echo prestop >> /out/exec") };
            var http = cluster.ShellContainer("http",
                "mkdir -p /www/cgi-bin && printf '#!/bin/sh\\necho http-prestop >> /out/http\\necho\\n' > /www/cgi-bin/stop && chmod +x /www/cgi-bin/stop"
                + " && httpd -p 8080 -h /www && " + Trap);
            http["ports"] = new JsonArray(new JsonObject { ["name"] = "web", ["containerPort"] = 8080 });
            http["lifecycle"] = new JsonObject
            {
                ["postStart"] = new JsonObject { ["sleep"] = new JsonObject { ["seconds"] = 1 } },
                ["preStop"] = new JsonObject { ["httpGet"] = new JsonObject { ["path"] = "/cgi-bin/stop", ["port"] = "web" } },
            };
            var failing = cluster.ShellContainer("failing", Trap);
            failing["lifecycle"] = new JsonObject { ["preStop"] = Exec("exit 1") };
            foreach (var (container, name) in new[] { (exec, "exec"), (http, "http"), (failing, "failing") })
            {
                container["env"] = new JsonArray(new JsonObject { ["name"] = "NAME", ["value"] = name });
                container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "out", ["mountPath"] = "/out" });
            }
            await cluster.ApplyPodAsync("pre-stop", [exec, http, failing], spec =>
            {
                spec["terminationGracePeriodSeconds"] = 20;
                spec["volumes"] = new JsonArray(new JsonObject { ["name"] = "out", ["hostPath"] = new JsonObject { ["path"] = host } });
            });
            await Poll.UntilAsync(() => Task.FromResult(new[] { "exec", "http", "failing" }.All(n => File.Exists(Path.Combine(host, n)))), Patience, () => "the containers running");

            await cluster.Kubectl.OkAsync("delete", "pod", "pre-stop", "--timeout=60s");

            Assert.Equal("start\nprestop\nterm\n", File.ReadAllText(Path.Combine(host, "exec")));
            Assert.Equal("start\nhttp-prestop\nterm\n", File.ReadAllText(Path.Combine(host, "http")));
            Assert.Equal("start\nterm\n", File.ReadAllText(Path.Combine(host, "failing")));
            await cluster.WaitForEventAsync("pre-stop", "FailedPreStopHook", "PreStopHook failed");
            await cluster.WaitForEventAsync("pre-stop", "Killing", "Stopping container exec");
        }
        finally
        {
            Directory.Delete(host, recursive: true);
        }
    }

    private static JsonObject Exec(string script) => new() { ["exec"] = new JsonObject { ["command"] = new JsonArray("sh", "-c", script) } };
}
