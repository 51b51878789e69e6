using System.Net;
using System.Text.Json.Nodes;
using Berth.Testing;
using Berth.Testing.Grpc;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Berth.Acceptance.Agent;

/// <summary>
/// Probes on real containers, applied with the real kubectl: readiness over httpGet (a named port,
/// a header a busybox CGI script checks) drives containerStatuses[].ready and the Ready condition
/// both ways; a failing exec liveness probe kills and restarts the container with kube's Unhealthy
/// and Killing events; a startup probe keeps the container not started (and liveness quiet) until
/// its tcpSocket opens; a grpc readiness probe follows a real gRPC health server (Kestrel, in the
/// test process, reached through the pod's port) both ways, and a grpc liveness probe on a closed
/// port restarts the container, with kubelet's words in the events.
/// </summary>
public sealed class PodProbeTests(AgentCluster cluster) : IClassFixture<AgentCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    // A CGI script answers 200 when the request carries X-Probe: yes and /www/ready exists, else 503.
    private const string ReadyServer =
        "mkdir -p /www/cgi-bin && printf '#!/bin/sh\\nif [ \"$HTTP_X_PROBE\" = yes ] && [ -e /www/ready ]; then echo \"Status: 200 OK\"; else echo \"Status: 503 Service Unavailable\"; fi\\necho\\n' > /www/cgi-bin/ready"
        + " && chmod +x /www/cgi-bin/ready && touch /www/ready && exec httpd -f -p 8080 -h /www";

    [Fact]
    public async Task ReadinessHttpGet_FollowsTheEndpoint_AndDrivesReadyBothWays()
    {
        await CreatePodAsync("ready-http", ReadyServer, container =>
        {
            container["ports"] = new JsonArray(new JsonObject { ["name"] = "web", ["containerPort"] = 8080 });
            container["readinessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject
                {
                    ["path"] = "/cgi-bin/ready",
                    ["port"] = "web",
                    ["httpHeaders"] = new JsonArray(new JsonObject { ["name"] = "X-Probe", ["value"] = "yes" }),
                },
                ["periodSeconds"] = 1,
                ["failureThreshold"] = 1,
            };
        });

        var ready = await WaitForContainerAsync("ready-http", c => c["ready"]?.GetValue<bool>() == true, "a ready container");
        Assert.Equal("True", Condition(ready, "Ready"));
        Assert.Equal("True", Condition(ready, "ContainersReady"));

        var id = ready["status"]!["containerStatuses"]![0]!["containerID"]!.GetValue<string>()["berth://".Length..];
        var rm = await BerthBinary.RunAsync("--root", cluster.EngineRoot, "exec", id, "rm", "/www/ready");
        Assert.True(rm.ExitCode == 0, rm.Stderr);

        var unready = await WaitForContainerAsync("ready-http", c => c["ready"]?.GetValue<bool>() == false, "an unready container");
        Assert.Equal("False", Condition(unready, "Ready"));
        Assert.Equal("Running", unready["status"]!["phase"]!.GetValue<string>());
        var container = unready["status"]!["containerStatuses"]![0]!;
        Assert.Equal(0, container["restartCount"]!.GetValue<int>());
        Assert.True(container["started"]!.GetValue<bool>());
        Assert.Contains("Readiness probe failed: HTTP probe failed with statuscode: 503", await EventsAsync("ready-http"));
    }

    [Fact]
    public async Task LivenessExecFailure_KillsAndRestartsTheContainer_WithKubesEvents()
    {
        await CreatePodAsync("live-exec", "touch /tmp/healthy; sleep 2; rm -f /tmp/healthy; sleep 600", container =>
            container["livenessProbe"] = new JsonObject
            {
                ["exec"] = new JsonObject { ["command"] = new JsonArray("cat", "/tmp/healthy") },
                ["periodSeconds"] = 1,
                ["failureThreshold"] = 2,
            });

        var restarted = await WaitForContainerAsync("live-exec", c => c["restartCount"]?.GetValue<int>() >= 1, "a restarted container");

        var container = restarted["status"]!["containerStatuses"]![0]!;
        Assert.NotNull(container["lastState"]!["terminated"]);
        var events = await EventsAsync("live-exec");
        Assert.Contains("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory", events);
        Assert.Contains("Container main failed liveness probe, will be restarted", events);
    }

    [Fact]
    public async Task StartupTcpSocket_GatesStartedAndReady_UntilThePortOpens()
    {
        // The port opens only once /tmp/go exists; liveness would fail on the same closed port if it ran before startup passed.
        await CreatePodAsync("startup-tcp", "until [ -e /tmp/go ]; do sleep 0.2; done; exec httpd -f -p 8081 -h /etc", container =>
        {
            container["startupProbe"] = new JsonObject
            {
                ["tcpSocket"] = new JsonObject { ["port"] = 8081 },
                ["periodSeconds"] = 1,
                ["failureThreshold"] = 600,
            };
            container["livenessProbe"] = new JsonObject
            {
                ["tcpSocket"] = new JsonObject { ["port"] = 8081 },
                ["periodSeconds"] = 1,
                ["failureThreshold"] = 1,
            };
        });

        var waiting = await WaitForContainerAsync("startup-tcp", c => c["state"]?["running"] is not null, "a running container");
        var status = waiting["status"]!["containerStatuses"]![0]!;
        Assert.False(status["started"]!.GetValue<bool>());
        Assert.False(status["ready"]!.GetValue<bool>());
        await Poll.ForAsync(() => EventsAsync("startup-tcp"), e => e.Contains("Startup probe failed: dial tcp"), Patience, "a failed startup probe event");

        var id = status["containerID"]!.GetValue<string>()["berth://".Length..];
        var go = await BerthBinary.RunAsync("--root", cluster.EngineRoot, "exec", id, "touch", "/tmp/go");
        Assert.True(go.ExitCode == 0, go.Stderr);

        var started = await WaitForContainerAsync("startup-tcp", c => c["started"]?.GetValue<bool>() == true && c["ready"]?.GetValue<bool>() == true, "a started container");
        Assert.Equal(0, started["status"]!["containerStatuses"]![0]!["restartCount"]!.GetValue<int>());
        Assert.DoesNotContain("Liveness probe failed", await EventsAsync("startup-tcp"));
    }

    [Fact]
    public async Task ReadinessGrpc_FollowsTheHealthService_AndDrivesReadyBothWays()
    {
        // The health server runs in the test process; busybox's nc relays the pod's port 9090 to it through the pod's gateway (the host).
        await using var server = await GrpcHealthServer.StartAsync(IPAddress.Any, ServingStatus.Serving);
        await CreatePodAsync("ready-grpc", $"gw=$(ip route | awk '/default/ {{print $3}}'); exec nc -ll -p 9090 -e nc $gw {server.Port}", container =>
            container["readinessProbe"] = new JsonObject
            {
                ["grpc"] = new JsonObject { ["port"] = 9090 },
                ["periodSeconds"] = 1,
                ["failureThreshold"] = 1,
            });

        var ready = await WaitForContainerAsync("ready-grpc", c => c["ready"]?.GetValue<bool>() == true, "a ready container");
        Assert.Equal("True", Condition(ready, "Ready"));

        server.Health.SetStatus("", ServingStatus.NotServing);

        var unready = await WaitForContainerAsync("ready-grpc", c => c["ready"]?.GetValue<bool>() == false, "an unready container");
        Assert.Equal("False", Condition(unready, "Ready"));
        Assert.Equal(0, unready["status"]!["containerStatuses"]![0]!["restartCount"]!.GetValue<int>());
        Assert.Contains("Readiness probe failed: service unhealthy (responded with \"NOT_SERVING\")", await EventsAsync("ready-grpc"));
    }

    [Fact]
    public async Task LivenessGrpc_NothingListening_RestartsTheContainer()
    {
        await CreatePodAsync("live-grpc", "exec sleep 600", container =>
            container["livenessProbe"] = new JsonObject
            {
                ["grpc"] = new JsonObject { ["port"] = 9091 },
                ["periodSeconds"] = 1,
                ["failureThreshold"] = 1,
            });

        var restarted = await WaitForContainerAsync("live-grpc", c => c["restartCount"]?.GetValue<int>() >= 1, "a restarted container");

        var podIp = restarted["status"]!["podIP"]!.GetValue<string>();
        var events = await EventsAsync("live-grpc");
        Assert.Contains($"Liveness probe failed: timeout: failed to connect service \"{podIp}:9091\" within 1s: context deadline exceeded", events);
        Assert.Contains("Container main failed liveness probe, will be restarted", events);
    }

    private Task CreatePodAsync(string name, string script, Action<JsonObject> probes)
    {
        var container = cluster.ShellContainer("main", script);
        probes(container);
        return cluster.ApplyPodAsync(name, [container]);
    }

    private Task<JsonObject> WaitForContainerAsync(string pod, Func<JsonNode, bool> condition, string what) =>
        Poll.ForAsync(() => cluster.PodAsync(pod), p => p["status"]?["containerStatuses"]?[0] is { } c && condition(c), Patience, what);

    private Task<string> EventsAsync(string pod) =>
        cluster.Kubectl.OkAsync("get", "events", "--field-selector", $"involvedObject.name={pod}", "-o", "custom-columns=MESSAGE:.message");

    private static string? Condition(JsonNode pod, string type) =>
        pod["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c!["type"]!.GetValue<string>() == type)?["status"]?.GetValue<string>();
}
