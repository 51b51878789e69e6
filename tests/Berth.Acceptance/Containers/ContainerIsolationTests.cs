using System.Text.Json;

namespace Berth.Acceptance.Containers;

public sealed class ContainerIsolationTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    [Fact]
    public async Task Run_Defaults_HardenedLikePodman()
    {
        var result = await BerthAsync("run", "--rm", "--network", "none", Image, "sh", "-c",
            "grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status; wc -c < /proc/timer_list; echo 1 > /proc/sys/kernel/domainname 2>/dev/null || echo ro; echo $$");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
        // CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE SYS_CHROOT SETFCAP
        Assert.Contains("CapEff:\t00000000800405fb", result.Stdout);
        Assert.Contains("NoNewPrivs:\t1", result.Stdout);
        Assert.Contains("Seccomp:\t2", result.Stdout);
        Assert.Equal("0", lines[^3]);
        Assert.Equal("ro", lines[^2]);
        Assert.Equal("1", lines[^1]);
    }

    [Fact]
    public async Task Run_SeccompUnconfined_HasNoFilter()
    {
        var result = await BerthAsync("run", "--rm", "--network", "none", "--security-opt", "seccomp=unconfined", Image, "grep", "^Seccomp:", "/proc/self/status");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Seccomp:\t0\n", result.Stdout);
    }

    [Fact]
    public async Task Run_DefaultSeccomp_RefusesNamespaceCreationThatUnconfinedAllows()
    {
        var filtered = await BerthAsync("run", "--rm", "--network", "none", Image, "unshare", "-U", "true");
        var unconfined = await BerthAsync("run", "--rm", "--network", "none", "--security-opt", "seccomp=unconfined", Image, "unshare", "-U", "true");

        Assert.NotEqual(0, filtered.ExitCode);
        Assert.Contains("Operation not permitted", filtered.Stderr);
        Assert.Equal(0, unconfined.ExitCode);
    }

    [Fact]
    public async Task Run_CgroupLimits_AreWrittenToTheContainersCgroup()
    {
        var id = await RunDetachedAsync("--memory", "64m", "--cpus", "0.5", "--pids-limit", "20", Image, "sleep", "100");

        Assert.Equal((64L << 20).ToString(), File.ReadAllText($"/sys/fs/cgroup/memory/berth/{id}/memory.limit_in_bytes").Trim());
        Assert.Equal("50000", File.ReadAllText($"/sys/fs/cgroup/cpu/berth/{id}/cpu.cfs_quota_us").Trim());
        Assert.Equal("100000", File.ReadAllText($"/sys/fs/cgroup/cpu/berth/{id}/cpu.cfs_period_us").Trim());
        Assert.Equal("20", File.ReadAllText($"/sys/fs/cgroup/pids/berth/{id}/pids.max").Trim());
    }

    [Fact]
    public async Task Run_PidsLimit_StopsAForkBomb()
    {
        var result = await BerthAsync("run", "--rm", "--network", "none", "--pids-limit", "5", Image, "sh", "-c",
            "for i in 1 2 3 4 5 6 7 8; do sleep 5 & done; wait");

        Assert.Contains("can't fork", result.Stderr);
    }

    [Fact]
    public async Task Run_MemoryLimitHit_Exits137WithOomKilled()
    {
        var run = await BerthAsync("run", "--network", "none", "--name", "hog", "--memory", "8m", Image, "sh", "-c", "x=a; while true; do x=$x$x; done");
        var inspect = await BerthAsync("container", "inspect", "hog");

        Assert.Equal(137, run.ExitCode);
        Assert.True(JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("State").GetProperty("OOMKilled").GetBoolean());
    }

    [Fact]
    public async Task Run_Pid1AndNamespaces_AreTheContainersOwn()
    {
        var result = await BerthAsync("run", "--rm", "--network", "none", Image, "sh", "-c", "for ns in pid mnt uts ipc net; do readlink /proc/1/ns/$ns; done");

        Assert.Equal(0, result.ExitCode);
        var inside = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var host = new[] { "pid", "mnt", "uts", "ipc", "net" }.Select(ns => new FileInfo($"/proc/self/ns/{ns}").LinkTarget!).ToArray();
        Assert.Equal(5, inside.Length);
        Assert.All(inside.Zip(host), pair => Assert.NotEqual(pair.Second, pair.First));
    }
}
