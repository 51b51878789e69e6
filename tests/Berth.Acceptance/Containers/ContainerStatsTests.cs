using System.Text.Json;

namespace Berth.Acceptance.Containers;

/// <summary>`stats` and `top` on real containers: figures from the container's cgroup and /proc, as Podman shows them.</summary>
public sealed class ContainerStatsTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    /// <summary>A shell that holds a 20 MB string, then sleeps (the trailing echo keeps the shell from exec'ing sleep), marking /tmp/ready between.</summary>
    private const string HoldTwentyMegabytes = "x=$(head -c 20000000 /dev/zero | tr '\\0' a); touch /tmp/ready; sleep 600; echo ${#x}";

    [Fact]
    public async Task StatsNoStream_AContainerHoldingTwentyMegabytes_ShowsItsMemoryAndPids()
    {
        var id = await StartHoldingAsync("mem");

        var table = await BerthAsync("stats", "--no-stream");
        var json = await BerthAsync("stats", "--no-stream", "--format", "json", "mem");

        Assert.True(table.ExitCode == 0, table.Stderr);
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^ID\s+NAME\s+CPU %\s+MEM USAGE / LIMIT\s+MEM %\s+NET IO\s+BLOCK IO\s+PIDS\s+CPU TIME\s+AVG CPU %$", lines[0]);
        Assert.Matches($@"^{id[..12]}\s+mem\s+\S+\s+\S+MB / \S+B\s+\S+%\s+-- / --\s+.+\s+2\s+\S+\s+\S+$", lines.Single(l => l.Contains(" mem ")));
        var stats = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().Single();
        var usage = stats.GetProperty("MemUsage").GetDouble();
        Assert.InRange(usage, 20_000_000, 80_000_000);
        Assert.Equal(2, stats.GetProperty("PIDs").GetInt32());
        Assert.True(stats.GetProperty("CPUNano").GetInt64() > 0);
        // No --memory: the limit shown is the host's memory, as Podman shows it.
        var memTotal = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Equal(ulong.Parse(memTotal) * 1024, stats.GetProperty("MemLimit").GetUInt64());
    }

    [Fact]
    public async Task StatsFormat_MemoryLimit_IsTheContainersLimit()
    {
        var run = await BerthAsync("run", "-d", "--name", "limited", "--memory", "64m", "--network", "none", Image, "sleep", "600");
        Assert.True(run.ExitCode == 0, run.Stderr);

        var stats = await BerthAsync("stats", "--no-stream", "--format", "table {{.Name}} {{.MemUsage}}", "limited");

        Assert.True(stats.ExitCode == 0, stats.Stderr);
        Assert.Matches(@"^NAME\s+MEM USAGE / LIMIT\nlimited\s+\S+B / 67.11MB\n$", stats.Stdout);
    }

    [Fact]
    public async Task Stats_All_AddsContainersThatAreNotRunning()
    {
        await RunDetachedAsync("--name", "up", Image, "sleep", "600");
        var create = await BerthAsync("create", "--name", "down", "--network", "none", Image, "true");
        Assert.True(create.ExitCode == 0, create.Stderr);

        var running = await BerthAsync("stats", "--no-stream", "--format", "{{.Name}}");
        var all = await BerthAsync("stats", "--no-stream", "-a", "--format", "{{.Name}} {{.PIDS}} {{.MemUsage}}");

        Assert.Equal("up\n", running.Stdout);
        Assert.Contains("down -- -- / --\n", all.Stdout);
        Assert.Matches(@"up 1 \S+ / \S+\n", all.Stdout);
    }

    [Fact]
    public async Task Top_Default_ListsTheContainersProcessesAsItSeesThem()
    {
        await StartHoldingAsync("busy");

        var top = await BerthAsync("top", "busy");

        Assert.True(top.ExitCode == 0, top.Stderr);
        var lines = top.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^USER\s+PID\s+PPID\s+%CPU\s+ELAPSED\s+TTY\s+TIME\s+COMMAND$", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^root\s+1\s+0\s+\d+\.\d{3}\s+\S+s\s+\?\s+\S+s\s+sh -c x=", lines[1]);
        Assert.Matches(@"^root\s+\d+\s+1\s+\d+\.\d{3}\s+\S+s\s+\?\s+\S+s\s+sleep 600$", lines[2]);
    }

    [Fact]
    public async Task Top_Descriptors_ColumnsAskedForWithHostPids()
    {
        await StartHoldingAsync("cols");

        var top = await BerthAsync("container", "top", "cols", "pid,comm", "hpid");

        Assert.True(top.ExitCode == 0, top.Stderr);
        var lines = top.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^PID\s+COMMAND\s+HPID$", lines[0]);
        var sleep = lines.Single(l => l.Contains("sleep")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sleep\0600\0", File.ReadAllText($"/proc/{sleep[2]}/cmdline"));
    }

    [Fact]
    public async Task Top_PsFlags_RunTheContainersOwnPsWithoutItsOwnLine()
    {
        await RunDetachedAsync("--name", "flags", Image, "sleep", "600");

        var top = await BerthAsync("top", "flags", "-o", "pid,args");

        Assert.True(top.ExitCode == 0, top.Stderr);
        Assert.Matches(@"^PID\s+COMMAND\n\s*1\s+sleep 600\n$", top.Stdout);
    }

    [Fact]
    public async Task Top_StoppedContainer_FailsWithOneLine()
    {
        var create = await BerthAsync("create", "--name", "idle", "--network", "none", Image, "true");
        Assert.True(create.ExitCode == 0, create.Stderr);

        var stopped = await BerthAsync("top", "idle");

        Assert.NotEqual(0, stopped.ExitCode);
        Assert.Equal("Error: container idle is not running\n", stopped.Stderr);
    }

    /// <summary>Runs <see cref="HoldTwentyMegabytes"/> as <paramref name="name"/> and waits until the string is held; returns the id.</summary>
    private async Task<string> StartHoldingAsync(string name)
    {
        var id = await RunDetachedAsync("--name", name, Image, "sh", "-c", HoldTwentyMegabytes);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await BerthAsync("exec", name, "test", "-f", "/tmp/ready")).ExitCode != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{name} never allocated its memory");
            await Task.Delay(100);
        }
        return id;
    }
}
