using Berth.Engine.Stats;

namespace Berth.Engine.Tests.Stats;

public sealed class CgroupFilesTests
{
    [Fact]
    public void ParseNumber_MaxOrNumber_NullOrValue()
    {
        Assert.Equal(20_971_520UL, CgroupFiles.ParseNumber("20971520\n"));
        Assert.Null(CgroupFiles.ParseNumber("max\n"));
    }

    [Fact]
    public void ParseNumbers_PerCpuLine_OneValuePerCpu() =>
        Assert.Equal([180205456UL, 2002771UL], CgroupFiles.ParseNumbers("180205456 2002771 \n"));

    [Fact]
    public void ParseFlatKeyed_MemoryStat_EveryKey()
    {
        var stats = CgroupFiles.ParseFlatKeyed("cache 1228800\nrss 20480000\ntotal_inactive_file 1024000\n");

        Assert.Equal(3, stats.Count);
        Assert.Equal(20_480_000UL, stats["rss"]);
        Assert.Equal(1_024_000UL, stats["total_inactive_file"]);
    }

    [Fact]
    public void ParseBlkio_DeviceLinesAndTotal_DeviceEntriesOnly()
    {
        var entries = CgroupFiles.ParseBlkio("8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 12288\n8:0 Async 0\n8:0 Total 12288\nTotal 12288\n");

        Assert.Equal(5, entries.Count);
        Assert.Equal(new BlkioEntry(8, 0, "Write", 8192), entries[1]);
    }

    [Fact]
    public void ParseSystemCpuNanoseconds_ProcStat_SumsTheFirstSevenFieldsInNanoseconds()
    {
        const string stat = "cpu  100 2 30 1000 5 6 7 8 0 0\ncpu0 50 1 15 500 2 3 3 4 0 0\nbtime 1700000000\n";

        Assert.Equal((100UL + 2 + 30 + 1000 + 5 + 6 + 7) * 10_000_000, CgroupFiles.ParseSystemCpuNanoseconds(stat, 100));
    }

    [Fact]
    public void ParseMemTotal_Meminfo_Bytes() =>
        Assert.Equal(2_048_000UL * 1024, CgroupFiles.ParseMemTotal("MemTotal:        2048000 kB\nMemFree:  1000 kB\n"));

    [Fact]
    public void ParseNetDev_TwoInterfaces_CountersOfEachButLoopback()
    {
        const string netDev = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:     140       2    0    0    0     0          0         0      140       2    0    0    0     0       0          0
              eth0:    5070      45    1    2    0     0          0         0     1206      13    3    4    0     0       0          0
            """;

        var interfaces = CgroupFiles.ParseNetDev(netDev);

        Assert.Equal(["eth0"], interfaces.Keys);
        Assert.Equal(new InterfaceCounters(5070, 45, 1, 2, 1206, 13, 3, 4), interfaces["eth0"]);
    }
}
