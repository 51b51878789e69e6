using Berth.Engine.Processes;

namespace Berth.Engine.Tests.Processes;

public sealed class ProcFilesTests
{
    private const string Stat = "6873 (my (odd) cmd) S 6860 6873 6873 34816 6873 4194560 120 0 0 0 250 130 0 0 20 -5 1 0 4200 2322432 424 18446744073709551615\n";

    private const string Status = "Name:\tsleep\nState:\tS (sleeping)\nPPid:\t6860\nUid:\t1000\t0\t0\t0\nGid:\t100\t0\t0\t0\nNSpid:\t6873\t9\nVmRSS:\t    1696 kB\nSeccomp:\t2\n";

    [Fact]
    public void Parse_StatStatusAndCmdline_TheProcessAsTheContainerSeesIt()
    {
        var process = ProcFiles.Parse(6873, Stat, Status, "sleep\0600\0");

        Assert.Equal((6873, 9, 6860), (process.HostPid, process.NamespacePid, process.HostParentPid));
        Assert.Equal("my (odd) cmd", process.Comm);
        Assert.Equal(["sleep", "600"], process.CommandLine);
        Assert.Equal(("S", 34816, 250L, 130L, -5, 4200L), (process.State, process.TtyNumber, process.UserTicks, process.SystemTicks, process.Nice, process.StartTicks));
        Assert.Equal((2_322_432UL, 1696UL), (process.VirtualBytes, process.ResidentKilobytes));
        Assert.Equal((1000U, 0U), process.Uid);
        Assert.Equal(2, process.Seccomp);
    }

    [Theory]
    [InlineData(0, "?")]
    [InlineData(34816, "pts/0")]
    [InlineData(34819, "pts/3")]
    [InlineData(1025, "tty1")]
    public void TtyName_TtyNumber_AsPsNamesIt(int ttyNumber, string name) => Assert.Equal(name, ProcFiles.TtyName(ttyNumber));

    [Fact]
    public void ParseNames_Passwd_IdToFirstName()
    {
        var names = ProcFiles.ParseNames("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n#broken\n");

        Assert.Equal("root", names[0]);
        Assert.Equal("nobody", names[65534]);
        Assert.Equal(2, names.Count);
    }
}
