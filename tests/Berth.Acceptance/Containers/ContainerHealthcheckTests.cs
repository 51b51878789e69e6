using System.Text.Json;

namespace Berth.Acceptance.Containers;

/// <summary>Health checks on real containers: Podman 4.3's flags, `healthcheck run`, the monitor, ps, inspect and events.</summary>
public sealed class ContainerHealthcheckTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Monitor_FailingCheckThenFixed_StartingUnhealthyThenHealthyInPsInspectAndEvents()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var id = await RunDetachedAsync("--name", "hc", "--health-cmd", "test -f /tmp/ok", "--health-interval", "1s", "--health-retries", "2", Image, "sleep", "300");

        Assert.True(await StatusEventuallyAsync("hc", "(unhealthy)"), (await BerthAsync("ps", "-a")).Stdout);
        var unhealthy = await BerthAsync("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}");
        var exec = await BerthAsync("exec", "hc", "touch", "/tmp/ok");
        Assert.True(await StatusEventuallyAsync("hc", "(healthy)"), (await BerthAsync("ps", "-a")).Stdout);
        var healthy = await BerthAsync("ps", "--filter", "health=healthy", "--format", "{{.Names}}");
        var none = await BerthAsync("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}");
        var inspect = await BerthAsync("container", "inspect", "hc");
        // This container's events only: --since has a second's grain, and the class's other tests make health events too.
        var events = await BerthAsync("events", "--stream=false", "--since", since, "--filter", "event=health_status", "--filter", $"container={id}", "--format", "json");
        var line = await BerthAsync("events", "--stream=false", "--since", since, "--filter", "event=health_status", "--filter", $"container={id}");

        Assert.Equal(("hc\n", 0, "hc\n", ""), (unhealthy.Stdout, exec.ExitCode, healthy.Stdout, none.Stdout));
        var state = JsonDocument.Parse(inspect.Stdout).RootElement[0];
        var health = state.GetProperty("State").GetProperty("Health");
        Assert.Equal(("healthy", 0), (health.GetProperty("Status").GetString(), health.GetProperty("FailingStreak").GetInt32()));
        var log = health.GetProperty("Log").EnumerateArray().ToList();
        Assert.InRange(log.Count, 1, 5);
        Assert.Equal(0, log[^1].GetProperty("ExitCode").GetInt32());
        var config = state.GetProperty("Config").GetProperty("Healthcheck");
        Assert.Equal(("CMD-SHELL", "test -f /tmp/ok", 1_000_000_000L, 2), (config.GetProperty("Test")[0].GetString(), config.GetProperty("Test")[1].GetString(),
            config.GetProperty("Interval").GetInt64(), config.GetProperty("Retries").GetInt32()));
        var statuses = events.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("health_status").GetString()).ToList();
        Assert.Equal("starting", statuses[0]);
        Assert.Contains("unhealthy", statuses);
        Assert.Equal("healthy", statuses[^1]);
        Assert.Matches($@"container health_status {id} \(image={BusyboxEngineRoot.Image}, name=hc, health_status=starting\)\n", line.Stdout);
    }

    [Fact]
    public async Task HealthcheckRun_ExitCodesAndMessagesAsPodmans()
    {
        var id = await RunDetachedAsync("--name", "manual", "--health-cmd", "echo out; echo err >&2; test -f /tmp/ok", "--health-interval", "disable", Image, "sleep", "300");
        await RunDetachedAsync("--name", "plain", Image, "sleep", "300");

        var failing = await BerthAsync("healthcheck", "run", "manual");
        var inspect = await BerthAsync("container", "inspect", "manual");
        await BerthAsync("exec", "manual", "touch", "/tmp/ok");
        var passing = await BerthAsync("healthcheck", "run", "manual");
        var undefined = await BerthAsync("healthcheck", "run", "plain");
        var unknown = await BerthAsync("healthcheck", "run", "nosuch");
        var ps = await BerthAsync("ps", "--filter", "name=manual", "--format", "{{.Status}}");
        await BerthAsync("stop", "-t", "0", "manual");
        var stopped = await BerthAsync("healthcheck", "run", "manual");

        Assert.Equal((1, "unhealthy\n"), (failing.ExitCode, failing.Stdout));
        var run = JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("State").GetProperty("Health").GetProperty("Log")[0];
        Assert.Equal(1, run.GetProperty("ExitCode").GetInt32());
        Assert.Equal(["err", "out"], run.GetProperty("Output").GetString()!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Equal((0, ""), (passing.ExitCode, passing.Stdout));
        Assert.Equal(125, undefined.ExitCode);
        Assert.Matches("^Error: container [0-9a-f]{64} has no defined healthcheck\n$", undefined.Stderr);
        Assert.Equal((125, "Error: unable to look up nosuch to perform a health check: no container with name or ID \"nosuch\" found: no such container\n"), (unknown.ExitCode, unknown.Stderr));
        Assert.EndsWith("(healthy)\n", ps.Stdout);
        Assert.Equal(125, stopped.ExitCode);
        Assert.Matches("^Error: container [0-9a-f]{64} is not running\n$", stopped.Stderr);
        Assert.False(HostTraces.HealthMonitorRuns(id)); // --health-interval disable: no monitor
    }

    [Fact]
    public async Task HealthcheckRun_CheckOutlivesItsTimeout_FailsWithPodmansMessage()
    {
        await RunDetachedAsync("--name", "slow", "--health-cmd", "sleep 30", "--health-timeout", "1s", "--health-interval", "disable", "--health-retries", "1", Image, "sleep", "300");

        var run = await BerthAsync("healthcheck", "run", "slow");
        var inspect = await BerthAsync("container", "inspect", "slow");

        Assert.Equal(1, run.ExitCode);
        var health = JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("State").GetProperty("Health");
        var last = health.GetProperty("Log")[0];
        Assert.Equal(("unhealthy", -1, "healthcheck command exceeded timeout of 1s"),
            (health.GetProperty("Status").GetString(), last.GetProperty("ExitCode").GetInt32(), last.GetProperty("Output").GetString()));
    }

    [Fact]
    public async Task OnFailureKill_Unhealthy_KillsTheContainer()
    {
        await RunDetachedAsync("--name", "doomed", "--health-cmd", "false", "--health-interval", "disable", "--health-retries", "1", "--health-on-failure", "kill", Image, "sleep", "300");

        var run = await BerthAsync("healthcheck", "run", "doomed");
        var killed = await HostTraces.EventuallyAsync(async () => (await BerthAsync("inspect", "--type", "container", "doomed")).Stdout.Contains("\"Status\": \"exited\""), Patience);

        Assert.Equal(1, run.ExitCode);
        Assert.True(killed);
    }

    [Fact]
    public async Task Monitor_StopAndRm_GoneWithTheContainer()
    {
        var stoppedId = await RunDetachedAsync("--name", "watched", "--health-cmd", "true", "--health-interval", "1s", Image, "sleep", "300");
        var removedId = await RunDetachedAsync("--name", "removed", "--health-cmd", "true", "--health-interval", "1s", Image, "sleep", "300");
        Assert.True(await HostTraces.EventuallyAsync(() => Task.FromResult(HostTraces.HealthMonitorRuns(stoppedId) && HostTraces.HealthMonitorRuns(removedId)), Patience));

        var stop = await BerthAsync("stop", "-t", "0", "watched");
        var rm = await BerthAsync("rm", "-f", "removed");

        Assert.Equal((0, 0), (stop.ExitCode, rm.ExitCode));
        Assert.True(await HostTraces.EventuallyAsync(() => Task.FromResult(!HostTraces.HealthMonitorRuns(stoppedId) && !HostTraces.HealthMonitorRuns(removedId)), Patience));
        var restarted = await BerthAsync("start", "watched");
        Assert.Equal(0, restarted.ExitCode);
        Assert.True(await HostTraces.EventuallyAsync(() => Task.FromResult(HostTraces.HealthMonitorRuns(stoppedId)), Patience));
        await BerthAsync("rm", "-f", "watched");
        Assert.True(await HostTraces.EventuallyAsync(() => Task.FromResult(!HostTraces.HealthMonitorRuns(stoppedId)), Patience));
    }

    [Fact]
    public async Task ImageHealthcheck_RunsUnlessDisabled()
    {
        var context = Directory.CreateTempSubdirectory("berth-hc-build-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context.FullName, "Containerfile"), $"FROM {Image}\nHEALTHCHECK --interval=1s --retries=1 CMD true\n");
            var build = await BerthAsync("build", "-t", "localhost/hc-image:1", context.FullName);
            Assert.True(build.ExitCode == 0, build.Stderr);

            await RunDetachedAsync("--name", "fromimage", "localhost/hc-image:1", "sleep", "300");
            await RunDetachedAsync("--name", "nocheck", "--no-healthcheck", "localhost/hc-image:1", "sleep", "300");

            Assert.True(await StatusEventuallyAsync("fromimage", "(healthy)"), (await BerthAsync("ps", "-a")).Stdout);
            var inspect = await BerthAsync("container", "inspect", "nocheck");
            var state = JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("State");
            Assert.Equal(JsonValueKind.Null, state.TryGetProperty("Health", out var health) ? health.ValueKind : JsonValueKind.Null);
            var none = await BerthAsync("ps", "--filter", "health=none", "--format", "{{.Names}}");
            Assert.Equal("nocheck\n", none.Stdout);
        }
        finally
        {
            await BerthAsync("rm", "-f", "fromimage", "nocheck");
            await BerthAsync("rmi", "localhost/hc-image:1");
            context.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--health-interval", "bogus", "Error: invalid healthcheck-interval: time: invalid duration \"bogus\"\n")]
    [InlineData("--health-retries", "0", "Error: healthcheck-retries must be greater than 0\n")]
    [InlineData("--health-on-failure", "explode", "Error: invalid on-failure action \"explode\" for health check: supported actions are none,kill,restart,stop\n")]
    public async Task Run_BadHealthFlag_PodmansErrorAndNothingCreated(string flag, string value, string error)
    {
        var run = await BerthAsync("run", "-d", "--name", "badhc", "--network", "none", "--health-cmd", "true", flag, value, Image, "sleep", "300");
        var all = await BerthAsync("ps", "-a", "--format", "{{.Names}}");

        Assert.Equal((125, error), (run.ExitCode, run.Stderr));
        Assert.DoesNotContain("badhc", all.Stdout);
    }

    private async Task<bool> StatusEventuallyAsync(string name, string suffix) =>
        await HostTraces.EventuallyAsync(async () => (await BerthAsync("ps", "--filter", $"name=^{name}$", "--format", "{{.Status}}")).Stdout.TrimEnd().EndsWith(suffix, StringComparison.Ordinal), Patience);
}
