namespace Berth.Acceptance.Docker;

/// <summary>`docker update` through Berth's socket: POST /containers/{id}/update changes the running container's cgroup and its restart policy.</summary>
public sealed class DockerUpdateTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => socket.RemoveAllContainersAsync();

    [Fact]
    public async Task Update_MemoryAndRestart_AppliedToTheRunningContainerAndInspected()
    {
        var run = await socket.DockerAsync("run", "-d", "--name", "upd", "--network", "none", DockerSocket.Image, "sleep", "600");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var update = await socket.DockerAsync("update", "--memory", "64m", "--memory-swap", "128m", "--restart", "always", "upd");
        var inspect = await socket.DockerAsync("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.RestartPolicy.Name}}", "upd");
        var limit = await socket.DockerAsync("exec", "upd", "cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes");

        Assert.True(update.ExitCode == 0, update.Stderr);
        Assert.Equal("upd\n", update.Stdout);
        Assert.Equal($"{64L << 20} {128L << 20} always\n", inspect.Stdout);
        Assert.Equal($"{64L << 20}\n", limit.Stdout);
    }

    [Fact]
    public async Task BlkioWeight_SetWhereTheKernelWeighsIo_ElseDroppedWithDockerdsWarning()
    {
        var supported = File.Exists("/sys/fs/cgroup/blkio/blkio.weight") || File.Exists("/sys/fs/cgroup/blkio/blkio.bfq.weight");
        const string Discarded = "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.";

        var run = await socket.DockerAsync("run", "-d", "--name", "upd-io", "--network", "none", "--blkio-weight", "500", DockerSocket.Image, "sleep", "600");
        var update = await socket.DockerAsync("update", "--blkio-weight", "300", "upd-io");
        var inspect = await socket.DockerAsync("inspect", "-f", "{{.State.Running}} {{.HostConfig.BlkioWeight}}", "upd-io");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(update.ExitCode == 0, update.Stderr);
        Assert.Equal(supported ? "" : $"WARNING: {Discarded}\n", run.Stderr);
        Assert.Equal(supported ? "true 300\n" : "true 0\n", inspect.Stdout);
        // docker update prints the answer's warnings on stdout, after the container's name.
        Assert.Equal(supported ? "upd-io\n" : $"upd-io\n{Discarded}\n", update.Stdout);
    }

    [Fact]
    public async Task Update_BadInput_IsRefusedWithDockersWords()
    {
        var run = await socket.DockerAsync("run", "-d", "--name", "upd-bad", "--network", "none", DockerSocket.Image, "sleep", "600");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var unknown = await socket.DockerAsync("update", "--memory", "64m", "nosuch");
        var tooLittle = await socket.DockerAsync("update", "--memory", "1m", "upd-bad");
        var inspect = await socket.DockerAsync("inspect", "-f", "{{.HostConfig.Memory}}", "upd-bad");

        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("No such container: nosuch", unknown.Stderr);
        Assert.NotEqual(0, tooLittle.ExitCode);
        Assert.Contains("Minimum memory limit allowed is 6MB", tooLittle.Stderr);
        Assert.Equal("0\n", inspect.Stdout);
    }
}
