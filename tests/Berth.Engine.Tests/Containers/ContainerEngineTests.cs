using Berth.Engine.Containers;
using Berth.Engine.Runtime;
using Berth.Engine.Tests.Runtime;

namespace Berth.Engine.Tests.Containers;

/// <summary>The engine with real runc and conmon over a busybox layer; each test removes its containers and root.</summary>
public sealed class ContainerEngineTests : IAsyncLifetime
{
    private readonly BusyboxRootfs _image = new();
    private readonly string _root = Directory.CreateTempSubdirectory("berth-engine-").FullName;
    private readonly ContainerEngine _engine;

    public ContainerEngineTests() => _engine = new ContainerEngine(_root, "runc", new BusyboxImageResolver(_image), network: null);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var container in ContainerLifecycle.DependentsFirst(_engine.Store.List()))
        {
            await _engine.Lifecycle.RemoveAsync(container, force: true);
        }
        Directory.Delete(_root, recursive: true);
        _image.Dispose();
    }

    private Task<ContainerRecord> CreateAsync(params string[] command) =>
        _engine.Creator.CreateAsync(new ContainerCreateRequest { Image = "busybox", Command = command, Network = NetworkMode.None });

    [Fact]
    public async Task StartAndWait_CommandExits_RecordsExitCodeAndLog()
    {
        var created = await CreateAsync("sh", "-c", "echo hello; echo oops >&2; exit 7");

        var started = await _engine.Lifecycle.StartAsync(created);
        var exited = await _engine.Lifecycle.WaitAsync(started);

        Assert.Equal(ContainerStatus.Exited, exited.Status);
        Assert.Equal(7, exited.ExitCode);
        var entries = await _engine.Logs.ReadAsync(exited, new LogReadOptions()).ToListAsync();
        Assert.Equal("hello\n", string.Concat(entries.Where(e => !e.IsStderr).Select(e => e.Text)));
        Assert.Equal("oops\n", string.Concat(entries.Where(e => e.IsStderr).Select(e => e.Text)));
    }

    [Fact]
    public async Task ReadLogs_Tail_ReturnsTheLastLinesOnly()
    {
        var exited = await _engine.Lifecycle.WaitAsync(await _engine.Lifecycle.StartAsync(await CreateAsync("sh", "-c", "echo 1; echo 2; echo 3")));

        var entries = await _engine.Logs.ReadAsync(exited, new LogReadOptions { Tail = 2 }).ToListAsync();

        Assert.Equal("2\n3\n", string.Concat(entries.Select(e => e.Text)));
    }

    [Fact]
    public async Task ReadLogs_Follow_EndsWhenTheContainerExits()
    {
        var started = await _engine.Lifecycle.StartAsync(await CreateAsync("sh", "-c", "echo first; sleep 0.3; echo second"));

        var entries = await _engine.Logs.ReadAsync(started, new LogReadOptions { Follow = true }).ToListAsync();

        Assert.Equal("first\nsecond\n", string.Concat(entries.Select(e => e.Text)));
    }

    [Fact]
    public async Task Exec_WithStreams_PassesStdinAndReturnsOutputAndExitCode()
    {
        var started = await _engine.Lifecycle.StartAsync(await CreateAsync("sleep", "100"));
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();

        var result = await _engine.Lifecycle.ExecAsync(started, new ExecOptions(["sh", "-c", "cat; echo err >&2; exit 4"]) { Interactive = true },
            new ExecStreams(new MemoryStream("piped\n"u8.ToArray()), stdout, stderr));

        Assert.Equal(new ExecResult(4), result);
        Assert.Equal("piped\n", System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.Equal("err\n", System.Text.Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Fact]
    public async Task Exec_OnATerminalSizedBeforeTheStart_TheProcessSeesThatSizeAtOnce()
    {
        var started = await _engine.Lifecycle.StartAsync(await CreateAsync("sleep", "100"));
        var sizes = System.Threading.Channels.Channel.CreateUnbounded<TerminalSize>();
        sizes.Writer.TryWrite(new TerminalSize(40, 132));
        var stdout = new MemoryStream();

        var result = await _engine.Lifecycle.ExecAsync(started, new ExecOptions(["stty", "size"]) { Tty = true },
            new ExecStreams(null, stdout, Stream.Null) { TerminalSizes = sizes.Reader.ReadAllAsync() });

        Assert.Equal(new ExecResult(0), result);
        Assert.Equal("40 132", System.Text.Encoding.UTF8.GetString(stdout.ToArray()).Trim());
    }

    [Fact]
    public async Task Exec_UserByNameEnvironmentAndDirectory_RunAsAsked()
    {
        var started = await _engine.Lifecycle.StartAsync(await CreateAsync("sleep", "100"));
        var stdout = new MemoryStream();

        var result = await _engine.Lifecycle.ExecAsync(started,
            new ExecOptions(["sh", "-c", "id -u; pwd; echo $GREETING; echo $PATH"]) { User = "nobody", WorkingDir = "/tmp", Env = ["GREETING=hi"] },
            new ExecStreams(null, stdout, Stream.Null));

        Assert.Equal(new ExecResult(0), result);
        Assert.Equal("65534\n/tmp\nhi\n/bin\n", System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public async Task Exec_MissingCommand_Returns127WithTheRuntimesMessage()
    {
        var started = await _engine.Lifecycle.StartAsync(await CreateAsync("sleep", "100"));

        var result = await _engine.Lifecycle.ExecAsync(started, new ExecOptions(["/no/such"]), new ExecStreams(null, new MemoryStream(), new MemoryStream()));

        Assert.Equal(127, result.ExitCode);
        Assert.Contains("not found", result.RuntimeError);
    }

    [Fact]
    public async Task Stop_SleepingContainer_EndsWithSigkillAfterGrace()
    {
        var started = await _engine.Lifecycle.StartAsync(await CreateAsync("sleep", "100"));

        var stopped = await _engine.Lifecycle.StopAsync(started, TimeSpan.FromMilliseconds(300));

        Assert.Equal(ContainerStatus.Exited, stopped.Status);
        Assert.Equal(137, stopped.ExitCode);
    }

    [Fact]
    public async Task Create_NameInUse_ThrowsAndKeepsFirst()
    {
        var first = await _engine.Creator.CreateAsync(new ContainerCreateRequest { Image = "busybox", Name = "dup", Command = ["true"], Network = NetworkMode.None });

        var error = await Assert.ThrowsAsync<ConflictException>(() =>
            _engine.Creator.CreateAsync(new ContainerCreateRequest { Image = "busybox", Name = "dup", Command = ["true"], Network = NetworkMode.None }));

        Assert.Contains("already in use", error.Message);
        Assert.Equal(first.Id, Assert.Single(_engine.Store.List()).Id);
    }

    [Fact]
    public async Task Create_MissingCommand_Throws127AndLeavesNothing()
    {
        var error = await Assert.ThrowsAsync<BerthException>(() => CreateAsync("/no/such/thing"));

        Assert.Equal(127, error.ExitCode);
        Assert.Empty(Directory.EnumerateDirectories(_engine.Store.Root));
    }

    [Fact]
    public async Task PauseUnpause_RunningContainer_FreezesAndThaws()
    {
        var started = await _engine.Lifecycle.StartAsync(await CreateAsync("sleep", "100"));

        var paused = await _engine.Lifecycle.PauseAsync(started);
        var freezerState = File.ReadAllText($"/sys/fs/cgroup/freezer/berth/{started.Id}/freezer.state").Trim();
        var resumed = await _engine.Lifecycle.UnpauseAsync(paused);

        Assert.Equal(ContainerStatus.Paused, paused.Status);
        Assert.Equal("FROZEN", freezerState);
        Assert.Equal(ContainerStatus.Running, resumed.Status);
        Assert.Equal("THAWED", File.ReadAllText($"/sys/fs/cgroup/freezer/berth/{started.Id}/freezer.state").Trim());
    }

    [Fact]
    public async Task MemoryLimit_Exceeded_Exits137WithOomKilled()
    {
        var created = await _engine.Creator.CreateAsync(new ContainerCreateRequest
        {
            Image = "busybox",
            Command = ["sh", "-c", "x=a; while true; do x=$x$x; done"],
            Network = NetworkMode.None,
            Limits = new ResourceLimits(MemoryBytes: 8L << 20),
        });

        var exited = await _engine.Lifecycle.WaitAsync(await _engine.Lifecycle.StartAsync(created));

        Assert.Equal(137, exited.ExitCode);
        Assert.True(exited.OomKilled);
    }

    [Fact]
    public async Task Remove_RunningWithoutForce_IsRefused()
    {
        var started = await _engine.Lifecycle.StartAsync(await CreateAsync("sleep", "100"));

        await Assert.ThrowsAsync<ConflictException>(() => _engine.Lifecycle.RemoveAsync(started, force: false));
        await _engine.Lifecycle.RemoveAsync(started, force: true);

        Assert.Empty(_engine.Store.List());
        Assert.False(File.Exists(Path.Combine(_engine.Store.PathsOf(started.Id).Rootfs, "bin/busybox")));
    }

    [Fact]
    public async Task ContainerNetworkMode_JoinsTheNamespaceOfTheContainerAfterEachOfItsStarts_WhichStaysWhileJoined()
    {
        var target = await _engine.Creator.CreateAsync(new ContainerCreateRequest { Image = "busybox", Name = "target", Command = ["sleep", "100"], Network = NetworkMode.None });
        var request = await _engine.NetworkContainers.PrepareAsync(new ContainerCreateRequest
        {
            Image = "busybox",
            Command = ["busybox", "readlink", "/proc/self/ns/net"],
            Network = NetworkMode.Container,
            NetworkContainer = "target",
        });
        var joiner = await _engine.Creator.CreateAsync(request);

        // The joined container has only been created: starting the joiner starts it first. Its second start is another
        // process (the kernel may give the new namespace the old one's inode): the joiner's bundle must follow it.
        var first = await _engine.Lifecycle.WaitAsync(await _engine.Lifecycle.StartAsync(joiner));
        var firstNamespace = NetworkNamespaceOf(target.Id);
        await _engine.Lifecycle.StopAsync(_engine.States.FindRefreshed(target.Id), TimeSpan.Zero);
        var second = await _engine.Lifecycle.WaitAsync(await _engine.Lifecycle.StartAsync(await _engine.Lifecycle.PrepareStartAsync(first)));
        var secondNamespace = NetworkNamespaceOf(target.Id);
        var lines = (await _engine.Logs.ReadAsync(second, new LogReadOptions()).ToListAsync()).Select(e => e.Text.Trim()).ToList();

        Assert.Equal((target.Id, NetworkMode.Container), (joiner.NetworkContainerId, joiner.Network));
        Assert.Equal(ContainerStatus.Running, _engine.States.FindRefreshed(target.Id).Status);
        Assert.Equal([firstNamespace, secondNamespace], lines);
        var refused = await Assert.ThrowsAsync<InUseException>(() => _engine.Lifecycle.RemoveAsync(target, force: true));
        Assert.Equal($"container {target.Id} has dependent containers which must be removed before it: {joiner.Id}: container already exists", refused.Message);
    }

    /// <summary>net:[INODE], as readlink(1) shows the namespace of the container's process.</summary>
    private string NetworkNamespaceOf(string id) => new FileInfo($"/proc/{_engine.Store.Load(id)!.Pid}/ns/net").LinkTarget!;

    [Fact]
    public async Task Cleanup_ExitedAutoRemoveContainer_RemovesIt()
    {
        var created = await _engine.Creator.CreateAsync(new ContainerCreateRequest { Image = "busybox", Command = ["true"], Network = NetworkMode.None, AutoRemove = true });
        await _engine.Lifecycle.WaitAsync(await _engine.Lifecycle.StartAsync(created));

        await _engine.Lifecycle.CleanupAsync(created.Id, remove: true);

        Assert.Empty(_engine.Store.List());
    }

    [Fact]
    public async Task Cleanup_AutoRemoveWithClientAttached_ReleasesButKeepsTheRecord()
    {
        var created = await _engine.Creator.CreateAsync(new ContainerCreateRequest { Image = "busybox", Command = ["true"], Network = NetworkMode.None, AutoRemove = true });
        using var attached = _engine.Store.LockAttached(created.Id);
        await _engine.Lifecycle.WaitAsync(await _engine.Lifecycle.StartAsync(created));

        await _engine.Lifecycle.CleanupAsync(created.Id, remove: true);

        var record = Assert.Single(_engine.Store.List());
        Assert.Equal(ContainerStatus.Exited, record.Status);
        Assert.False(File.Exists(Path.Combine(_engine.Store.PathsOf(created.Id).Rootfs, "bin/busybox")));
    }

    [Fact]
    public async Task Cleanup_RunningContainer_LeavesItRunning()
    {
        var started = await _engine.Lifecycle.StartAsync(await CreateAsync("sleep", "100"));

        await _engine.Lifecycle.CleanupAsync(started.Id, remove: true);

        Assert.Equal(ContainerStatus.Running, _engine.States.FindRefreshed(started.Id).Status);
        Assert.True(File.Exists(Path.Combine(_engine.Store.PathsOf(started.Id).Rootfs, "bin/busybox")));
    }
}
