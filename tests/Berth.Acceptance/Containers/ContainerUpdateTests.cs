using System.Text.Json;

namespace Berth.Acceptance.Containers;

/// <summary>`update` on real containers: runc changes the running container's cgroup, the bundle and the record keep the new limits for later starts.</summary>
public sealed class ContainerUpdateTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    // This host's containers see cgroup v1 hierarchies (hybrid host): memory.limit_in_bytes is v2's memory.max.
    private const string MemoryLimitFile = "/sys/fs/cgroup/memory/memory.limit_in_bytes";
    private const string PidsLimitFile = "/sys/fs/cgroup/pids/pids.max";
    private const string CpuQuotaFile = "/sys/fs/cgroup/cpu/cpu.cfs_quota_us";

    [Fact]
    public async Task Update_RunningContainer_ChangesItsCgroupAndARestartKeepsIt()
    {
        var id = await RunDetachedAsync("-m", "64m", Image, "sleep", "600");

        var update = await BerthAsync("update", "-m", "128m", "--cpus", "0.5", "--pids-limit", "50", id);
        var memory = await ReadInsideAsync(id, MemoryLimitFile);
        var pids = await ReadInsideAsync(id, PidsLimitFile);
        var quota = await ReadInsideAsync(id, CpuQuotaFile);
        var restart = await BerthAsync("restart", "-t", "0", id);
        var memoryAfterRestart = await ReadInsideAsync(id, MemoryLimitFile);
        var hostConfig = (await InspectAsync(id)).GetProperty("HostConfig");

        Assert.True(update.ExitCode == 0, update.Stderr);
        Assert.Equal(id, update.Stdout.Trim());
        Assert.Equal((128L << 20).ToString(), memory);
        Assert.Equal("50", pids);
        Assert.Equal("50000", quota);
        Assert.True(restart.ExitCode == 0, restart.Stderr);
        Assert.Equal((128L << 20).ToString(), memoryAfterRestart);
        Assert.Equal(128L << 20, hostConfig.GetProperty("Memory").GetInt64());
        Assert.Equal(500_000_000, hostConfig.GetProperty("NanoCpus").GetInt64());
        Assert.Equal(50, hostConfig.GetProperty("PidsLimit").GetInt64());
    }

    [Fact]
    public async Task Run_UpdatesFlags_SetTheCgroupFromTheStart()
    {
        var id = await RunDetachedAsync("--cpu-shares", "512", "--cpu-quota", "25000", "--memory-reservation", "32m", "--pids-limit", "40", Image, "sleep", "600");

        var shares = await ReadInsideAsync(id, "/sys/fs/cgroup/cpu/cpu.shares");
        var quota = await ReadInsideAsync(id, CpuQuotaFile);
        var reservation = await ReadInsideAsync(id, "/sys/fs/cgroup/memory/memory.soft_limit_in_bytes");
        var pids = await ReadInsideAsync(id, PidsLimitFile);

        Assert.Equal(("512", "25000", (32L << 20).ToString(), "40"), (shares, quota, reservation, pids));
    }

    [Fact]
    public async Task Run_BlkioWeight_SetWhereTheKernelWeighsIo_ElseDroppedWithPodmansWarning()
    {
        var supported = File.Exists("/sys/fs/cgroup/blkio/blkio.weight") || File.Exists("/sys/fs/cgroup/blkio/blkio.bfq.weight");

        var run = await BerthAsync("run", "--rm", "--network", "none", "--blkio-weight", "500", Image, "sh", "-c", "cat /sys/fs/cgroup/blkio/blkio.weight /sys/fs/cgroup/blkio/blkio.bfq.weight 2>/dev/null; true");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(supported ? "" : "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.\n", run.Stderr);
        if (supported)
        {
            Assert.Contains("500", run.Stdout);
        }
    }

    [Fact]
    public async Task UpdateRestart_ContainerWithoutPolicy_IsRestartedByTheNewPolicy()
    {
        var id = await RunDetachedAsync(Image, "sh", "-c", "sleep 2; exit 1");

        var update = await BerthAsync("update", "--restart", "on-failure:1", id);
        var restarted = await HostTraces.EventuallyAsync(async () => (await InspectAsync(id)).GetProperty("RestartCount").GetInt32() == 1, TimeSpan.FromSeconds(60));
        var policy = (await InspectAsync(id)).GetProperty("HostConfig").GetProperty("RestartPolicy");

        Assert.True(update.ExitCode == 0, update.Stderr);
        Assert.True(restarted, "the updated policy never restarted the container");
        Assert.Equal(("on-failure", 1), (policy.GetProperty("Name").GetString(), policy.GetProperty("MaximumRetryCount").GetInt32()));
    }

    [Fact]
    public async Task Update_CreatedContainer_StartsWithTheNewLimit()
    {
        var created = await BerthAsync("create", "--network", "none", Image, "sleep", "600");
        var id = created.Stdout.Trim();

        var update = await BerthAsync("update", "--memory", "96m", id);
        var start = await BerthAsync("start", id);

        Assert.True(update.ExitCode == 0, update.Stderr);
        Assert.True(start.ExitCode == 0, start.Stderr);
        Assert.Equal((96L << 20).ToString(), await ReadInsideAsync(id, MemoryLimitFile));
    }

    [Fact]
    public async Task Update_BadInput_FailsWithPodmansAndDockersWordsAndChangesNothing()
    {
        var id = await RunDetachedAsync("-m", "64m", Image, "sleep", "600");

        var unknown = await BerthAsync("update", "-m", "64m", "nosuch");
        var tooLittle = await BerthAsync("update", "-m", "1m", id);
        var badPolicy = await BerthAsync("update", "--restart", "sometimes", id);
        var noFlags = await BerthAsync("update", id);

        Assert.Equal((125, "Error: no container with name or ID \"nosuch\" found: no such container"), (unknown.ExitCode, unknown.Stderr.Trim()));
        Assert.Equal((125, "Error: Minimum memory limit allowed is 6MB"), (tooLittle.ExitCode, tooLittle.Stderr.Trim()));
        Assert.Equal((125, "Error: running container create option: \"sometimes\" is not a valid restart policy: invalid argument"), (badPolicy.ExitCode, badPolicy.Stderr.Trim()));
        Assert.Equal((125, "Error: you must provide one or more flags when using this command"), (noFlags.ExitCode, noFlags.Stderr.Trim()));
        Assert.Equal((64L << 20).ToString(), await ReadInsideAsync(id, MemoryLimitFile));
        Assert.Equal("no", (await InspectAsync(id)).GetProperty("HostConfig").GetProperty("RestartPolicy").GetProperty("Name").GetString());
    }

    private async Task<string> ReadInsideAsync(string id, string file)
    {
        var cat = await BerthAsync("exec", id, "cat", file);
        Assert.True(cat.ExitCode == 0, cat.Stderr);
        return cat.Stdout.Trim();
    }

    private async Task<JsonElement> InspectAsync(string id)
    {
        var inspect = await BerthAsync("container", "inspect", id);
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        return JsonDocument.Parse(inspect.Stdout).RootElement[0].Clone();
    }
}
