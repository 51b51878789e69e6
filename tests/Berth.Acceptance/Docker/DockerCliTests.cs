namespace Berth.Acceptance.Docker;

/// <summary>The real docker CLI (28.x) on Berth's socket: version negotiation, run, ps, exec, logs, inspect, stop, rm.</summary>
public sealed class DockerCliTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    private const string Image = DockerSocket.Image;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => socket.RemoveAllContainersAsync();

    [Fact]
    public async Task Version_NegotiatesDownToTheServersApi()
    {
        var result = await socket.DockerAsync("version", "--format", "{{.Server.APIVersion}} {{.Client.APIVersion}}");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("1.47 1.47\n", result.Stdout);
    }

    [Fact]
    public async Task Run_Foreground_SeparatesStreamsAndReturnsTheExitCode()
    {
        var result = await socket.DockerAsync("run", "--name", "fg", "--network", "none", Image, "sh", "-c", "echo out; echo err >&2; exit 3");
        var inspect = await socket.DockerAsync("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "fg");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.Equal("exited 3\n", inspect.Stdout);
    }

    [Fact]
    public async Task Run_RmAndInteractive_PassesStdinReturnsTheCodeAndRemovesTheContainer()
    {
        var result = await socket.DockerWithStdinAsync("echo from-stdin\nexit 6\n", "run", "--rm", "-i", "--name", "gone", "--network", "none", Image, "sh");
        var all = await socket.DockerAsync("ps", "-a", "--format", "{{.Names}}");

        Assert.Equal(6, result.ExitCode);
        Assert.Equal("from-stdin\n", result.Stdout);
        Assert.DoesNotContain("gone", all.Stdout);
    }

    [Fact]
    public async Task Run_Tty_RunsOnATerminalAndReturnsTheExitCode()
    {
        var result = await socket.DockerOnTerminalAsync("run", "-it", "--rm", "--network", "none", Image, "sh", "-c", "tty; exit 4");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("/dev/pts/0", result.Stdout);
    }

    [Fact]
    public async Task ExecTty_RunsOnATerminalOfTheClientsSizeReadsWhatIsTypedAndReturnsTheCode()
    {
        var run = await socket.DockerAsync("run", "-d", "--name", "shell", "--network", "none", Image, "sleep", "300");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var interactive = await socket.DockerTypingOnTerminalAsync("typed\n", "exec", "-it", "shell", "sh", "-c", "tty; stty size; read line; echo got-$line; exit 3");
        var outputOnly = await socket.DockerOnTerminalAsync("exec", "-t", "shell", "sh", "-c", "tty; echo err >&2; exit 5");

        Assert.True(interactive.ExitCode == 3, $"exit {interactive.ExitCode}: {interactive.Stdout} {interactive.Stderr}");
        // The container's terminal echoes the typed line when it arrives, which may be while tty and stty run, as with dockerd.
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(interactive.Stdout, @"/dev/pts/\d+\r\n(typed\r\n)?40 132\r\n"), interactive.Stdout.ReplaceLineEndings("|"));
        Assert.Contains("got-typed", interactive.Stdout);
        Assert.True(outputOnly.ExitCode == 5, $"exit {outputOnly.ExitCode}: {outputOnly.Stdout} {outputOnly.Stderr}");
        // stderr is the terminal too, as with dockerd (without -i the CLI leaves its own terminal cooked: \r\r\n).
        Assert.Matches(@"/dev/pts/\d+\r+\nerr\r+\n", outputOnly.Stdout);
    }

    [Fact]
    public async Task Detached_PsExecLogsInspectStopRm_WorkAsWithDockerd()
    {
        var run = await socket.DockerAsync("run", "-d", "--name", "web", "--label", "tier=front", "--network", "none", Image, "sh", "-c", "echo started; sleep 300");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var ps = await socket.DockerAsync("ps", "--filter", "label=tier=front", "--format", "{{.Names}} {{.Image}} {{.State}}");
        var exec = await socket.DockerWithStdinAsync("piped\n", "exec", "-i", "web", "sh", "-c", "cat; exit 7");
        var missing = await socket.DockerAsync("exec", "web", "/no/such/command");
        var logs = await socket.DockerAsync("logs", "web");
        var inspect = await socket.DockerAsync("inspect", "-f", "{{.Name}} {{.State.Running}} {{index .Config.Labels \"tier\"}}", "web");
        var stop = await socket.DockerAsync("stop", "-t", "1", "web");
        var stopped = await socket.DockerAsync("ps", "-a", "--filter", "name=web", "--format", "{{.Status}}");
        var rm = await socket.DockerAsync("rm", "web");
        var gone = await socket.DockerAsync("rm", "web");

        Assert.Equal(64, run.Stdout.Trim().Length);
        Assert.Equal("web localhost/busybox:test running\n", ps.Stdout);
        Assert.Equal(7, exec.ExitCode);
        Assert.Equal("piped\n", exec.Stdout);
        Assert.Equal(127, missing.ExitCode);
        Assert.Equal("started\n", logs.Stdout);
        Assert.Equal("/web true front\n", inspect.Stdout);
        Assert.Equal((0, "web\n"), (stop.ExitCode, stop.Stdout));
        Assert.StartsWith("Exited (137)", stopped.Stdout);
        Assert.Equal((0, "web\n"), (rm.ExitCode, rm.Stdout));
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("No such container: web", gone.Stderr);
    }

    [Fact]
    public async Task OneStore_ContainersOfTheCliAndTheSocket_SeeEachOther()
    {
        var byBerth = await socket.BerthAsync("run", "-d", "--name", "from-berth", "--network", "none", Image, "sleep", "300");
        var byDocker = await socket.DockerAsync("run", "-d", "--name", "from-docker", "--network", "none", Image, "sleep", "300");

        var dockerPs = await socket.DockerAsync("ps", "--format", "{{.Names}}");
        var berthPs = await socket.BerthAsync("ps");

        Assert.True(byBerth.ExitCode == 0 && byDocker.ExitCode == 0, byBerth.Stderr + byDocker.Stderr);
        Assert.Contains("from-berth", dockerPs.Stdout);
        Assert.Contains("from-docker", berthPs.Stdout);
    }

    [Fact]
    public async Task Refusals_NameTakenUnsupportedFlag_ClearErrorAndNothingCreated()
    {
        await socket.DockerAsync("create", "--name", "taken", "--network", "none", Image, "true");

        var again = await socket.DockerAsync("create", "--name", "taken", "--network", "none", Image, "true");
        var device = await socket.DockerAsync("run", "--device", "/dev/null", "--name", "dev", "--network", "none", Image, "true");
        var all = await socket.DockerAsync("ps", "-a", "--format", "{{.Names}}");

        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("already in use", again.Stderr);
        Assert.NotEqual(0, device.ExitCode);
        Assert.Contains("--device (Devices) are not supported", device.Stderr);
        Assert.Equal("taken\n", all.Stdout);
    }

    [Fact]
    public async Task Build_LegacyBuilder_BuildsTagsAndTheImageRuns()
    {
        var context = Directory.CreateTempSubdirectory("berth-docker-build-");
        try
        {
            File.WriteAllText(Path.Combine(context.FullName, "Dockerfile"), $"FROM {Image}\nARG WHO=nobody\nRUN echo \"built by $WHO\" > /who\nCMD [\"cat\", \"/who\"]\n");

            var build = await socket.DockerAsync("build", "-q", "-t", "localhost/built:1", "--build-arg", "WHO=docker", context.FullName);
            var images = await socket.DockerAsync("images", "--format", "{{.Repository}}:{{.Tag}}");
            var run = await socket.DockerAsync("run", "--rm", "--network", "none", "localhost/built:1");
            var rmi = await socket.DockerAsync("rmi", "localhost/built:1");

            Assert.True(build.ExitCode == 0, build.Stderr);
            Assert.StartsWith("sha256:", build.Stdout);
            Assert.Contains("localhost/built:1", images.Stdout);
            Assert.Equal("built by docker\n", run.Stdout);
            Assert.Contains("Untagged: localhost/built:1", rmi.Stdout);
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }
}
