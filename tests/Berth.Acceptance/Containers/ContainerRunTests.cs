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
        var psi = new System.Diagnostics.ProcessStartInfo(BerthBinary.Launcher) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in (string[])["--root", Root.Path, "run", "--rm", "--network", "none", Image,
            "sh", "-c", $"trap 'echo got-{signal}; exit 42' {signal}; echo ready; while true; do sleep 0.1; done"])
        {
            psi.ArgumentList.Add(arg);
        }
        using var berth = System.Diagnostics.Process.Start(psi)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal("ready", await berth.StandardOutput.ReadLineAsync(timeout.Token));

        // The launcher execs the binary, so this is berth itself.
        using (var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", berth.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }
        var rest = await berth.StandardOutput.ReadToEndAsync(timeout.Token);
        await berth.WaitForExitAsync(timeout.Token);

        Assert.Equal(42, berth.ExitCode);
        Assert.Equal($"got-{signal}\n", rest);
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
