namespace Berth.Acceptance.Images;

/// <summary>Images meeting real containers: `berth run` on loaded and built images, and `rmi` of an image in use.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ImageContainerTests : IAsyncLifetime
{
    private readonly TempEngineRoot _root = new();
    private readonly BuildContext _context = new();

    [Fact]
    public async Task Rmi_ImageUsedByAContainer_IsRefusedUntilForcedAndTheContainerKeepsItsLayers()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "inuse");
        var name = $"user{Random.Shared.Next():x}";
        var run = await _root.BerthAsync("run", "--name", name, "--network", "none", "inuse", "true");

        var refused = await _root.BerthAsync("rmi", "inuse");
        var forced = await _root.BerthAsync("rmi", "-f", "inuse");
        var rerun = await _root.BerthAsync("container", "ls", "-a");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"is in use by container {name}", refused.Stderr);
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains(name, rerun.Stdout);
        Assert.NotEmpty(Directory.EnumerateDirectories(Path.Combine(_root.Path, "snapshots")));
        Assert.Equal("", (await _root.BerthAsync("images", "-q")).Stdout);
    }

    [Fact]
    public async Task PodmanSave_BerthLoadThenRun_RunsThePodmanImage()
    {
        using var podman = new PodmanPeer();
        var tarball = Path.Combine(podman.Directory, "rootfs.tar");
        await TestImages.WriteBusyboxRootfsAsync(tarball);
        await podman.RunAsync("import", tarball, "localhost/podmanmade:1");
        var archive = Path.Combine(podman.Directory, "saved.tar");
        await podman.RunAsync("save", "--format", "docker-archive", "-o", archive, "localhost/podmanmade:1");

        var load = await _root.BerthAsync("load", "-i", archive);
        var run = await _root.BerthAsync("run", "--rm", "--network", "none", "podmanmade:1", "cat", "/etc/group");

        Assert.True(load.ExitCode == 0, load.Stderr);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("root:x:0:\nnogroup:x:65534:\n", run.Stdout);
    }

    [Fact]
    public async Task Build_ThenBerthRun_RunsTheImagesCommandInItsWorkdirAsItsUser()
    {
        await TestImages.ImportBusyboxAsync(_root.Path, "base");
        _context.WithFile("msg", "from the context\n").WithContainerfile("""
            FROM base
            COPY msg /srv/msg
            RUN rm /etc/group
            WORKDIR /srv
            USER nobody
            ENV WHO=berth
            ENTRYPOINT ["/bin/sh", "-c"]
            CMD ["cat msg; echo $WHO $(id -un) $(pwd); test -e /etc/group || echo no-group"]
            """);
        var build = await _root.BerthAsync("build", "-t", "runnable", _context.Path);

        var run = await _root.BerthAsync("run", "--rm", "--network", "none", "runnable");

        Assert.True(build.ExitCode == 0, build.Stderr);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("from the context\nberth nobody /srv\nno-group\n", run.Stdout);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var ids = await _root.BerthAsync("ps", "-a", "-q");
        foreach (var id in ids.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await _root.BerthAsync("rm", "-f", id.Trim());
        }
        _context.Dispose();
        _root.Dispose();
    }
}
