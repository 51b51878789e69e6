using Berth.Engine.Processes;

namespace Berth.Engine.Tests.Processes;

public sealed class ProcessDescriptorsTests
{
    private static readonly DateTimeOffset Boot = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ProcessInfo Sleep = ProcFiles.Parse(
        6873,
        "6873 (sleep) S 6860 6873 6873 0 -1 4194560 120 0 0 0 300 100 0 0 20 0 1 0 1000 2322432 424 0\n",
        "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNSpid:\t6873\t1\n",
        "sleep\0600\0");

    private static readonly ProcessTableContext Context = new(
        Boot.AddSeconds(10 + 40), Boot,
        new Dictionary<uint, string> { [0] = "root" }, new Dictionary<uint, string> { [0] = "root" },
        new Dictionary<uint, string> { [0] = "hostroot" }, new Dictionary<uint, string>(),
        new Dictionary<int, int> { [6873] = 1 });

    [Fact]
    public void Parse_Nothing_PsefColumns() =>
        Assert.Equal(["USER", "PID", "PPID", "%CPU", "ELAPSED", "TTY", "TIME", "COMMAND"], ProcessDescriptors.Parse([]).Select(d => d.Header));

    [Fact]
    public void Parse_NamesCodesAndCommas_EachDescriptor() =>
        Assert.Equal(["PID", "HPID", "%CPU", "COMMAND"], ProcessDescriptors.Parse(["pid,hpid", "%C", "comm"]).Select(d => d.Header));

    [Fact]
    public void Parse_UnknownDescriptor_InvalidArgument() =>
        Assert.Contains("'nope': unknown descriptor", Assert.Throws<InvalidArgumentException>(() => ProcessDescriptors.Parse(["pid", "nope"])).Message);

    [Fact]
    public void TryParse_PsFlags_FalseWithTheFirstUnknown()
    {
        Assert.False(ProcessDescriptors.TryParse(["-eo", "pid,comm"], out var descriptors, out var unknown));
        Assert.Null(descriptors);
        Assert.Equal("-eo", unknown);
    }

    [Fact]
    public void Default_ASleepStartedTenSecondsAfterBoot_ValuesAsPsgoRendersThem()
    {
        // Started at tick 1000 (10 s after boot), read 40 s later, 4 s of CPU: 10%.
        var values = ProcessDescriptors.Parse([]).Select(d => d.Value(Sleep, Context));

        Assert.Equal(["root", "1", "0", "10.000", "40s", "?", "4s", "sleep 600"], values);
    }

    [Fact]
    public void HostDescriptors_HostPidAndHostName() =>
        Assert.Equal(["6873", "hostroot"], ProcessDescriptors.Parse(["hpid", "huser"]).Select(d => d.Value(Sleep, Context)));
}
