using System.Globalization;

namespace Berth.Acceptance.Docker;

/// <summary>The real docker CLI's health check flags on Berth's socket: (healthy) in `docker ps`, State.Health, health_status events.</summary>
public sealed class DockerHealthcheckTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => socket.RemoveAllContainersAsync();

    [Fact]
    public async Task Run_HealthCmd_UnhealthyThenHealthyAsDockerShowsIt()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var run = await socket.DockerAsync("run", "-d", "--name", "dh", "--network", "none", "--health-cmd", "test -f /tmp/ok",
            "--health-interval", "1s", "--health-retries", "1", DockerSocket.Image, "sleep", "300");
        Assert.True(run.ExitCode == 0, run.Stderr);

        Assert.True(await StatusEventuallyAsync("(unhealthy)"), (await socket.DockerAsync("ps", "-a")).Stdout);
        var exec = await socket.DockerAsync("exec", "dh", "touch", "/tmp/ok");
        Assert.True(await StatusEventuallyAsync("(healthy)"), (await socket.DockerAsync("ps", "-a")).Stdout);
        var inspect = await socket.DockerAsync("inspect", "-f", "{{.State.Health.Status}} {{.State.Health.FailingStreak}} {{.Config.Healthcheck.Interval}}", "dh");
        var filtered = await socket.DockerAsync("ps", "--filter", "health=healthy", "--format", "{{.Names}}");
        var until = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var events = await socket.DockerAsync("events", "--since", since, "--until", until, "--filter", "container=dh", "--filter", "event=health_status", "--format", "{{.Action}}");

        Assert.Equal(0, exec.ExitCode);
        Assert.Equal("healthy 0 1s\n", inspect.Stdout);
        Assert.Equal("dh\n", filtered.Stdout);
        var actions = events.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("health_status: unhealthy", actions);
        Assert.Equal("health_status: healthy", actions[^1]);
    }

    private async Task<bool> StatusEventuallyAsync(string suffix) =>
        await HostTraces.EventuallyAsync(async () => (await socket.DockerAsync("ps", "--filter", "name=dh", "--format", "{{.Status}}")).Stdout.TrimEnd().EndsWith(suffix, StringComparison.Ordinal), TimeSpan.FromMinutes(1));
}
