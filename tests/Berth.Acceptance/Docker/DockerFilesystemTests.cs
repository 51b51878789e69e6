using Berth.Acceptance.Registry;

namespace Berth.Acceptance.Docker;

/// <summary>The real docker CLI's `diff`, `export` and `commit` on Berth's socket (/changes, /export, /commit).</summary>
public sealed class DockerFilesystemTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => socket.RemoveAllContainersAsync();

    [Fact]
    public async Task Diff_ChangedContainer_DockersLines()
    {
        var run = await socket.DockerAsync("run", "--name", "changed", "--network", "none", DockerSocket.Image, "sh", "-c", "touch /tmp/x; rm /etc/group");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var diff = await socket.DockerAsync("diff", "changed");

        Assert.True(diff.ExitCode == 0, diff.Stderr);
        Assert.Equal("C /etc\nD /etc/group\nC /tmp\nA /tmp/x\n", diff.Stdout);
    }

    [Fact]
    public async Task Export_PipedIntoTar_HoldsTheContainersFiles()
    {
        var run = await socket.DockerAsync("run", "--name", "exported", "--network", "none", DockerSocket.Image, "sh", "-c", "echo data > /root/mine");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var listing = await DockerRegistry.TryRunAsync("/bin/sh", "-c", $"DOCKER_HOST={socket.Host} DOCKER_CONFIG={socket.Root}/docker-config docker export exported | tar -tf -");

        Assert.True(listing.ExitCode == 0, listing.Stderr);
        Assert.Contains("root/mine", listing.Stdout.Split('\n'));
        Assert.Contains("bin/busybox", listing.Stdout.Split('\n'));
    }

    [Fact]
    public async Task Commit_WithAChange_TheImageRunsWithIt()
    {
        var run = await socket.DockerAsync("run", "--name", "source", "--network", "none", DockerSocket.Image, "sh", "-c", "echo committed > /root/file");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var commit = await socket.DockerAsync("commit", "-c", "CMD [\"cat\", \"/root/file\"]", "-m", "from docker", "source", "localhost/docker-committed:1");
        var started = await socket.DockerAsync("run", "--rm", "--network", "none", "localhost/docker-committed:1");
        var missing = await socket.DockerAsync("commit", "nosuch", "localhost/never:1");

        Assert.True(commit.ExitCode == 0, commit.Stderr);
        Assert.StartsWith("sha256:", commit.Stdout);
        Assert.Equal("committed\n", started.Stdout);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("No such container: nosuch", missing.Stderr);
        await socket.DockerAsync("rmi", "localhost/docker-committed:1");
    }
}
