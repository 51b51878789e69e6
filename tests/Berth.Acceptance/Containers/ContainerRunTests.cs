namespace Berth.Acceptance.Containers;

public sealed class ContainerRunTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    [Fact]
    public async Task Run_Foreground_StreamsStdoutAndStderrAndReturnsExitCode()
    {
        var result = await BerthAsync("run", "--network", "none", Image, "sh", "-c", "echo out; echo err >&2; exit 3");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
    }

    [Fact]
    public async Task Run_CommandOptionsAfterImage_BelongToTheCommand()
    {
        var result = await BerthAsync("run", "--rm", "--network", "none", Image, "echo", "-e", "a\\tb");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("a\tb\n", result.Stdout);
    }

    [Fact]
    public async Task Run_Rm_RemovesTheContainerAfterItExits()
    {
        var result = await BerthAsync("run", "--rm", "--network", "none", "--name", "gone", Image, "true");
        var list = await BerthAsync("ps", "-a");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("gone", list.Stdout);
    }

    [Fact]
    public async Task Run_Rm_WritableLayerIsVolatileAsPodmansIs_AKeptContainersIsNot()
    {
        // The root's line in mountinfo ends with the overlay's super options, where the kernel shows volatile (fsync=volatile).
        var throwaway = await BerthAsync("run", "--rm", "--network", "none", Image, "grep", " / / ", "/proc/self/mountinfo");
        var kept = await BerthAsync("run", "--network", "none", Image, "grep", " / / ", "/proc/self/mountinfo");

        Assert.Equal(0, throwaway.ExitCode);
        Assert.Contains("volatile", throwaway.Stdout.Split(' ')[^1]);
        Assert.Equal(0, kept.ExitCode);
        Assert.DoesNotContain("volatile", kept.Stdout.Split(' ')[^1]);
    }

    [Fact]
    public async Task Run_RmForeground_TheContainerStartsWithNoSignalIgnoredOrBlocked()
    {
        // berth starts runc itself for a foreground --rm run: what berth ignores (SIGPIPE) or blocks must not reach the container.
        var result = await BerthAsync("run", "--rm", "--network", "none", Image, "grep", "-E", "^Sig(Ign|Blk)", "/proc/self/status");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n", result.Stdout);
    }

    [Fact]
    public async Task Run_RmForeground_LogsFromAnotherShellShowTheOutputSoFar()
    {
        var run = BerthAsync("run", "--rm", "--network", "none", "--name", "fg-logs", Image, "sh", "-c", "echo first; echo oops >&2; sleep 300");

        var logged = await HostTraces.EventuallyAsync(async () => (await BerthAsync("logs", "fg-logs")) is { ExitCode: 0 } logs
            && logs.Stdout == "first\n" && logs.Stderr == "oops\n", TimeSpan.FromSeconds(60));
        var stop = await BerthAsync("stop", "-t", "0", "fg-logs");
        var result = await run;

        Assert.True(logged, "logs never showed the output so far");
        Assert.Equal(0, stop.ExitCode);
        Assert.Equal("first\n", result.Stdout);
        Assert.Equal("oops\n", result.Stderr);
    }

    [Fact]
    public async Task Run_RmForeground_IntoAFileTheShellWritesToo_KeepsTheOrderOfTheWrites()
    {
        // A script's redirection: berth writes at the shell's offset of the file, and the shell's next write lands after it.
        var file = System.IO.Path.Combine(Root.Path, "script-output.txt");
        var script = $"{{ echo first; '{BerthBinary.Launcher}' --root '{Root.Path}' run --rm --network none {Image} echo second; echo third; }} > '{file}'";

        using var shell = System.Diagnostics.Process.Start("sh", ["-c", script]);
        await shell.WaitForExitAsync();

        Assert.Equal(0, shell.ExitCode);
        Assert.Equal("first\nsecond\nthird\n", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task Run_Interactive_PassesStdinToTheContainer()
    {
        var result = await Root.BerthWithStdinAsync("hello from stdin\n", "run", "--rm", "-i", "--network", "none", Image, "cat");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello from stdin\n", result.Stdout);
    }

    [Fact]
    public async Task Run_EnvWorkdirUserAndHostname_AreApplied()
    {
        var result = await BerthAsync("run", "--rm", "--network", "none", "-e", "GREETING=hi", "-w", "/tmp", "-u", "nobody",
            "--hostname", "boat", Image, "sh", "-c", "echo $GREETING; pwd; id -u; hostname");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hi\n/tmp\n65534\nboat\n", result.Stdout);
    }

    [Fact]
    public async Task Run_Volume_BindsReadWriteAndReadOnly()
    {
        var dir = Directory.CreateTempSubdirectory("berth-volume-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "in"), "from host\n");

            var rw = await BerthAsync("run", "--rm", "--network", "none", "-v", $"{dir.FullName}:/data", Image, "sh", "-c", "cat /data/in; echo back > /data/out");
            var ro = await BerthAsync("run", "--rm", "--network", "none", "-v", $"{dir.FullName}:/data:ro", Image, "touch", "/data/nope");

            Assert.Equal(0, rw.ExitCode);
            Assert.Equal("from host\n", rw.Stdout);
            Assert.Equal("back\n", File.ReadAllText(Path.Combine(dir.FullName, "out")));
            Assert.NotEqual(0, ro.ExitCode);
            Assert.Contains("Read-only file system", ro.Stderr);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Run_HostNetwork_SeesTheHostsInterfaces()
    {
        // Other suites add and remove bridges and veths meanwhile: compare only the host's
        // interfaces that exist both before and after the run.
        var before = InterfaceNames(File.ReadAllText("/proc/net/dev"));
        var host = await BerthAsync("run", "--rm", "--network", "host", Image, "cat", "/proc/net/dev");
        var none = await BerthAsync("run", "--rm", "--network", "none", Image, "cat", "/proc/net/dev");
        var stable = before.Intersect(InterfaceNames(File.ReadAllText("/proc/net/dev"))).ToList();

        Assert.Equal(0, host.ExitCode);
        Assert.Contains(stable, name => name != "lo");
        Assert.Subset(InterfaceNames(host.Stdout).ToHashSet(), stable.ToHashSet());
        Assert.Equal(["lo"], InterfaceNames(none.Stdout));
    }

    /// <summary>The interface names of a /proc/net/dev listing (two header lines, then "name: counters").</summary>
    private static List<string> InterfaceNames(string procNetDev) =>
        procNetDev.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Skip(2)
            .Select(line => line.Split(':')[0].Trim())
            .ToList();

    [Fact]
    public async Task Run_TwoAtOnce_BothSucceedWithDistinctNames()
    {
        var first = BerthAsync("run", "--network", "none", Image, "echo", "one");
        var second = BerthAsync("run", "--network", "none", Image, "echo", "two");
        var results = await Task.WhenAll(first, second);
        var list = await BerthAsync("ps", "-a");

        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        Assert.Equal("one\n", results[0].Stdout);
        Assert.Equal("two\n", results[1].Stdout);
        Assert.Equal(3, list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Run_Detached_KeepsRunningAndLoggingAfterBerthExits()
    {
        var id = await RunDetachedAsync("--name", "ticker", Image, "sh", "-c",
            "echo tick 0; while [ ! -f /tmp/go ]; do sleep 0.1; done; echo tick 1; exit 4");

        var running = await BerthAsync("ps");
        var go = await BerthAsync("exec", "ticker", "touch", "/tmp/go");
        await WaitForExitAsync("ticker");
        var logs = await BerthAsync("logs", "ticker");
        var all = await BerthAsync("ps", "-a");

        Assert.Equal(64, id.Length);
        Assert.Contains("ticker", running.Stdout);
        Assert.Contains("Up ", running.Stdout);
        Assert.Equal(0, go.ExitCode);
        Assert.Equal("tick 0\ntick 1\n", logs.Stdout);
        Assert.Contains("Exited (4)", all.Stdout);
    }

    [Fact]
    public async Task Logs_FollowAndTimestamps_StreamUntilExitWithTimes()
    {
        await RunDetachedAsync("--name", "follow", Image, "sh", "-c", "echo first; sleep 0.5; echo second");

        var logs = await BerthAsync("logs", "-f", "-t", "follow");

        Assert.Equal(0, logs.ExitCode);
        var lines = logs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\S+ first$", lines[0]);
        Assert.EndsWith(" second", lines[1]);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    [InlineData("HUP")]
    [InlineData("QUIT")]
    [InlineData("USR1")]
    [InlineData("USR2")]
    public async Task Run_SignalToBerth_IsPassedToTheContainer(string signal)
    {
        using var berth = StartBerth("run", "--rm", "--network", "none", Image,
            "sh", "-c", $"trap 'echo got-{signal}; exit 42' {signal}; echo ready; while true; do sleep 0.1; done");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal("ready", await berth.StandardOutput.ReadLineAsync(timeout.Token));

        await SignalAsync(berth, signal);
        var rest = await berth.StandardOutput.ReadToEndAsync(timeout.Token);
        await berth.WaitForExitAsync(timeout.Token);

        Assert.Equal(42, berth.ExitCode);
        Assert.Equal($"got-{signal}\n", rest);
    }

    [Fact]
    public async Task RunRm_SigtermEndingTheProcess_Exits143AndLeavesNothing()
    {
        // The shell passes SIGTERM on to its child, which it ends (128+15), and exits with the child's status, as Podman reports it.
        using var berth = StartBerth("run", "--rm", "--network", "none", "--name", "signalled", Image,
            "sh", "-c", "sleep 1000 & child=$!; trap 'kill -TERM $child' TERM; echo ready; wait $child; wait $child");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal("ready", await berth.StandardOutput.ReadLineAsync(timeout.Token));
        // Listed from another process while it runs, with its full id to look for afterwards.
        var listed = await BerthAsync("ps", "-q", "--no-trunc", "--filter", "name=signalled");
        var id = listed.Stdout.Trim();
        Assert.Equal(64, id.Length);

        await SignalAsync(berth, "TERM");
        await berth.WaitForExitAsync(timeout.Token);
        var all = await BerthAsync("ps", "-a", "-q");

        Assert.Equal(143, berth.ExitCode);
        Assert.Equal("", all.Stdout);
        Assert.False(Directory.Exists(Path.Combine(Root.Path, "containers", id)));
        Assert.False(HostTraces.HasMountUnder(Path.Combine(Root.Path, "containers")));
        Assert.False(Directory.Exists($"/run/berth/runc/{id}"));
        Assert.False(Directory.Exists($"/run/berth/exits/{id}"));
    }

    [Fact]
    public async Task RunRm_SignalIgnoredByTheContainer_BerthWaitsForItsEnd()
    {
        // PID 1 without a handler ignores SIGTERM: berth passes it on and waits past any termination timeout of its own.
        using var berth = StartBerth("run", "--rm", "--network", "none", Image, "sh", "-c", "echo ready; sleep 3; echo done");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal("ready", await berth.StandardOutput.ReadLineAsync(timeout.Token));

        await SignalAsync(berth, "TERM");
        var rest = await berth.StandardOutput.ReadToEndAsync(timeout.Token);
        await berth.WaitForExitAsync(timeout.Token);
        var all = await BerthAsync("ps", "-a", "-q");

        Assert.Equal((0, "done\n"), (berth.ExitCode, rest));
        Assert.Equal("", all.Stdout);
    }

    [Fact]
    public async Task RunRm_StoppedFromAnotherProcess_BothEndAndNothingIsLeft()
    {
        using var berth = StartBerth("run", "--rm", "--network", "none", "--name", "stopped", Image, "sh", "-c", "echo ready; sleep 1000");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal("ready", await berth.StandardOutput.ReadLineAsync(timeout.Token));

        // PID 1 ignores SIGTERM: SIGKILL after the second ends it (137), as with Podman.
        var stop = await BerthAsync("stop", "-t", "1", "stopped");
        await berth.WaitForExitAsync(timeout.Token);
        var all = await BerthAsync("ps", "-a", "-q");

        Assert.Equal((0, "stopped\n"), (stop.ExitCode, stop.Stdout));
        Assert.Equal(137, berth.ExitCode);
        Assert.Equal("", all.Stdout);
        Assert.False(HostTraces.HasMountUnder(Path.Combine(Root.Path, "containers")));
    }

    private System.Diagnostics.Process StartBerth(params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(BerthBinary.Launcher) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in (string[])["--root", Root.Path, .. args])
        {
            psi.ArgumentList.Add(arg);
        }
        return System.Diagnostics.Process.Start(psi)!;
    }

    /// <summary>The launcher execs the binary, so the launcher's pid is berth itself.</summary>
    private static async Task SignalAsync(System.Diagnostics.Process berth, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", berth.Id.ToString()]);
        await kill.WaitForExitAsync();
    }

    private async Task WaitForExitAsync(string name)
    {
        for (var i = 0; i < 100; i++)
        {
            var list = await BerthAsync("ps", "-a");
            if (list.Stdout.Split('\n').Any(l => l.EndsWith(name, StringComparison.Ordinal) && l.Contains("Exited")))
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{name} did not exit");
    }
}
