using System.CommandLine;
using Berth.Cli.Commands;
using Berth.Engine;
using Berth.Engine.Runtime;

namespace Berth.Cli.Tests.Commands;

public sealed class ResourceFlagsTests
{
    private static (ResourceFlags Flags, ParseResult Parse) Parse(params string[] args)
    {
        var flags = new ResourceFlags();
        var command = new RootCommand();
        foreach (var option in flags.Options)
        {
            command.Options.Add(option);
        }
        return (flags, command.Parse(args));
    }

    [Fact]
    public void ToLimits_PodmansFlags_BecomeTheLimits()
    {
        var (flags, parse) = Parse("-m", "64m", "--memory-reservation", "32m", "--memory-swap", "-1", "--cpu-period", "50000", "--cpu-quota", "25000",
            "-c", "512", "--cpuset-cpus", "0", "--cpuset-mems", "0", "--pids-limit", "100", "--blkio-weight", "300");

        var limits = flags.ToLimits(parse);

        Assert.Empty(parse.Errors);
        Assert.True(flags.AnyGiven(parse));
        Assert.Equal(new ResourceLimits(64L << 20, null, 100, 512)
        {
            MemoryReservation = 32L << 20,
            MemorySwap = -1,
            CpuPeriod = 50_000,
            CpuQuota = 25_000,
            CpusetCpus = "0",
            CpusetMems = "0",
            BlkioWeight = 300,
        }, limits);
    }

    [Fact]
    public void AnyGiven_NoFlags_IsFalseAndEveryLimitIsUnset()
    {
        var (flags, parse) = Parse();

        Assert.False(flags.AnyGiven(parse));
        Assert.Equal(ResourceLimits.None, flags.ToLimits(parse));
    }

    [Theory]
    [InlineData("--memory", "1x", "invalid value for memory: invalid size: '1x'")]
    [InlineData("--memory-swap", "lots", "invalid value for memory-swap: invalid size: 'lots'")]
    [InlineData("--blkio-weight", "heavy", "invalid argument \"heavy\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"heavy\": invalid syntax")]
    [InlineData("--pids-limit", "0", "invalid --pids-limit 0: must be positive, or -1 for unlimited")]
    public void ToLimits_BadValue_IsAnInvalidArgument(string flag, string value, string error)
    {
        var (flags, parse) = Parse(flag, value);

        Assert.Equal(error, Assert.Throws<InvalidArgumentException>(() => flags.ToLimits(parse)).Message);
    }
}
