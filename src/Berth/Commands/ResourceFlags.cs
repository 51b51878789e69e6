using System.CommandLine;
using Berth.Engine;
using Berth.Engine.Runtime;

namespace Berth.Cli.Commands;

/// <summary>The cgroup limit flags of `run`, `create` and `update`, with Podman 4.3's names and units, read into <see cref="ResourceLimits"/> (null: not given).</summary>
public sealed class ResourceFlags
{
    private readonly Option<string?> _blkioWeight = new("--blkio-weight") { Description = "Block IO weight (relative weight) accepts a weight value between 10 and 1000." };
    private readonly Option<ulong?> _cpuPeriod = new("--cpu-period") { Description = "Limit the CPU CFS (Completely Fair Scheduler) period" };
    private readonly Option<long?> _cpuQuota = new("--cpu-quota") { Description = "Limit the CPU CFS (Completely Fair Scheduler) quota" };
    private readonly Option<ulong?> _cpuShares = new("--cpu-shares", "-c") { Description = "CPU shares (relative weight)" };
    private readonly Option<double?> _cpus = new("--cpus") { Description = "Number of CPUs. The default is 0.000 which means no limit" };
    private readonly Option<string?> _cpusetCpus = new("--cpuset-cpus") { Description = "CPUs in which to allow execution (0-3, 0,1)" };
    private readonly Option<string?> _cpusetMems = new("--cpuset-mems") { Description = "Memory nodes (MEMs) in which to allow execution (0-3, 0,1). Only effective on NUMA systems." };
    private readonly Option<string?> _memory = new("--memory", "-m") { Description = "Memory limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))" };
    private readonly Option<string?> _memoryReservation = new("--memory-reservation") { Description = "Memory soft limit (format: <number>[<unit>], where unit = b (bytes), k (kibibytes), m (mebibytes), or g (gibibytes))" };
    private readonly Option<string?> _memorySwap = new("--memory-swap") { Description = "Swap limit equal to memory plus swap: '-1' to enable unlimited swap" };
    private readonly Option<long?> _pidsLimit = new("--pids-limit") { Description = "Tune container pids limit (set -1 for unlimited)" };

    public IEnumerable<Option> Options => [_blkioWeight, _cpuPeriod, _cpuQuota, _cpuShares, _cpus, _cpusetCpus, _cpusetMems, _memory, _memoryReservation, _memorySwap, _pidsLimit];

    /// <summary>Whether any of the flags is on the command line.</summary>
    public bool AnyGiven(ParseResult parse) => Options.Any(o => parse.GetResult(o) is { Implicit: false });

    public ResourceLimits ToLimits(ParseResult parse)
    {
        if (parse.GetValue(_cpus) is { } cpus && (cpus < 0 || cpus > Environment.ProcessorCount))
        {
            throw new InvalidArgumentException($"range of CPUs is from 0.01 to {Environment.ProcessorCount}.00, as there are only {Environment.ProcessorCount} CPUs available");
        }
        return new ResourceLimits(
            Size(parse.GetValue(_memory), "memory"), parse.GetValue(_cpus), PidsLimit(parse.GetValue(_pidsLimit)), parse.GetValue(_cpuShares))
        {
            CpuPeriod = parse.GetValue(_cpuPeriod),
            CpuQuota = parse.GetValue(_cpuQuota),
            CpusetCpus = parse.GetValue(_cpusetCpus),
            CpusetMems = parse.GetValue(_cpusetMems),
            MemoryReservation = Size(parse.GetValue(_memoryReservation), "memory-reservation"),
            MemorySwap = Size(parse.GetValue(_memorySwap), "memory-swap", allowUnlimited: true),
            BlkioWeight = BlkioWeight(parse.GetValue(_blkioWeight)),
        };
    }

    private static long? Size(string? value, string flag, bool allowUnlimited = false)
    {
        try
        {
            return value is null ? null : ResourceLimits.ParseSize(value, allowUnlimited);
        }
        catch (InvalidArgumentException e)
        {
            throw new InvalidArgumentException($"invalid value for {flag}: {e.Message}");
        }
    }

    /// <summary>-1 (unlimited) is the kernel's "max", which runc writes for 0 or less.</summary>
    private static long? PidsLimit(long? value) => value switch
    {
        null => null,
        < -1 or 0 => throw new InvalidArgumentException($"invalid --pids-limit {value}: must be positive, or -1 for unlimited"),
        _ => value,
    };

    private static ushort? BlkioWeight(string? value) =>
        value is null ? null
        : ushort.TryParse(value, out var weight) ? weight
        : throw new InvalidArgumentException($"invalid argument \"{value}\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"{value}\": invalid syntax");
}
