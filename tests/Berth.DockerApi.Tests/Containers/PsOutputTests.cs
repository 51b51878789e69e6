using Berth.DockerApi.Containers;

namespace Berth.DockerApi.Tests.Containers;

public sealed class PsOutputTests
{
    private const string PsEf = """
        UID          PID    PPID  C STIME TTY          TIME CMD
        root           1       0  0 10:00 ?        00:00:01 /sbin/init
        root        6873    6860  0 14:26 ?        00:00:00 sh -c x=$(head -c 20) ; sleep 600
        root        6881    6873  0 14:26 ?        00:00:00 sleep 600

        """;

    [Fact]
    public void Filter_PsEf_TheContainersRowsWithTheCommandInOneColumn()
    {
        var table = PsOutput.Filter(PsEf, new HashSet<int> { 6873, 6881 });

        Assert.Equal(["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"], table.Titles);
        Assert.Equal(2, table.Processes.Count);
        Assert.Equal(["root", "6873", "6860", "0", "14:26", "?", "00:00:00", "sh -c x=$(head -c 20) ; sleep 600"], table.Processes[0]);
    }

    [Fact]
    public void Filter_ThreadLines_KeptAfterAKeptProcessOnly()
    {
        const string threads = "PID TTY TIME CMD\n1 ? 00:00:01 init\n- - 00:00:00 -\n7 ? 00:00:00 app\n- - 00:00:00 -\n";

        var table = PsOutput.Filter(threads, new HashSet<int> { 7 });

        Assert.Equal(["7", "-"], table.Processes.Select(p => p[0]));
    }

    [Fact]
    public void Filter_NoPidColumn_InvalidArgument() =>
        Assert.Throws<InvalidArgumentException>(() => PsOutput.Filter("USER CMD\nroot init\n", new HashSet<int>()));
}
