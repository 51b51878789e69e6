using Berth.Cli.Commands;
using Berth.Engine.Containers;
using Berth.Engine.Stats;

namespace Berth.Cli.Tests.Commands;

public sealed class ContainerStatsRowTests
{
    private static readonly ContainerRecord Container = TestRecords.Container with { Name = "mem", Created = DateTimeOffset.UnixEpoch };

    private static readonly ContainerSample Sample = new()
    {
        Read = DateTimeOffset.UnixEpoch,
        CpuTotal = 184_717_364,
        PerCpu = [184_717_364],
        CpuUser = 0,
        CpuKernel = 0,
        SystemCpu = 0,
        OnlineCpus = 1,
        Memory = new MemorySample(21_000_000, 0, 2_000_000_000, 0, new Dictionary<string, ulong> { ["total_inactive_file"] = 140_000 }),
        BlockIo = [new BlkioEntry(8, 0, "Read", 4096), new BlkioEntry(8, 0, "Write", 0)],
        Pids = 2,
        Networks = new Dictionary<string, InterfaceCounters> { ["eth0"] = new(1500, 1, 0, 0, 900, 1, 0, 0) },
    };

    [Fact]
    public void Fields_ARunningContainer_PodmansRenderings()
    {
        var row = new ContainerStatsRow(Container, Sample, 5.775, 1.5, noTrunc: false);

        Assert.Equal(
            ["93f11c064106", "mem", "5.78%", "20.86MB / 2GB", "1.04%", "1.5kB / 900B", "4.096kB / 0B", "2", "184.717364ms", "1.50%"],
            new[] { "ID", "Name", "CPUPerc", "MemUsage", "MemPerc", "NetIO", "BlockIO", "PIDS", "UpTime", "AVGCPU" }.Select(f => row.Field(f)));
    }

    [Fact]
    public void Fields_NoReading_Dashes()
    {
        var row = new ContainerStatsRow(Container with { Status = ContainerStatus.Exited }, null, 0, 0, noTrunc: true);

        Assert.Equal([Container.Id, "--", "-- / --", "--", "-- / --", "--"], new[] { "ID", "CPUPerc", "MemUsage", "MemPerc", "NetIO", "PIDS" }.Select(f => row.Field(f)));
    }

    [Fact]
    public void HeaderOf_PodmansHeaders() =>
        Assert.Equal(["CPU %", "MEM USAGE / LIMIT", "CPU TIME", "OTHER"], new[] { "CPUPerc", "MemUsage", "UpTime", "Other" }.Select(ContainerStatsRow.HeaderOf));
}
