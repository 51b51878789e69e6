namespace Berth.Acceptance.Docker;

/// <summary>The docker CLI's `--restart` through Berth's socket: the policy is kept, applied by the exit command, and inspected.</summary>
public sealed class DockerRestartPolicyTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => socket.RemoveAllContainersAsync();

    [Fact]
    public async Task RunOnFailure1_CommandFails_InspectShowsOneRestartAndThePolicy()
    {
        var run = await socket.DockerAsync("run", "-d", "--name", "flaky", "--network", "none", "--restart=on-failure:1", DockerSocket.Image, "sh", "-c", "exit 2");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var restarted = await HostTraces.EventuallyAsync(
            async () => (await socket.DockerAsync("inspect", "-f", "{{.RestartCount}}", "flaky")).Stdout == "1\n", TimeSpan.FromSeconds(60));
        var inspect = await socket.DockerAsync("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}", "flaky");

        Assert.True(restarted, "RestartCount never reached 1");
        Assert.Equal("on-failure:1\n", inspect.Stdout);
    }

    [Fact]
    public async Task RunOnFailure_QuickExits_PsAndInspectShowRestartingAsDockerd()
    {
        var run = await socket.DockerAsync("run", "-d", "--name", "bouncing", "--network", "none", "--restart=on-failure", DockerSocket.Image, "sh", "-c", "exit 4");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var listed = await HostTraces.EventuallyAsync(
            async () => (await socket.DockerAsync("ps", "--filter", "status=restarting", "--format", "{{.Names}} {{.Status}}")).Stdout.StartsWith("bouncing Restarting (4) "),
            TimeSpan.FromSeconds(60));
        var inspected = await HostTraces.EventuallyAsync(
            async () => (await socket.DockerAsync("inspect", "-f", "{{.State.Status}} {{.State.Restarting}}", "bouncing")).Stdout == "restarting true\n",
            TimeSpan.FromSeconds(60));

        Assert.True(listed, "docker ps never listed the container as Restarting (4)");
        Assert.True(inspected, "docker inspect never showed State.Restarting");
    }

    [Fact]
    public async Task Run_UnknownRestartPolicy_IsRefused()
    {
        var run = await socket.DockerAsync("run", "-d", "--network", "none", "--restart=sometimes", DockerSocket.Image, "true");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("invalid restart policy: unknown policy 'sometimes'", run.Stderr);
    }
}
