using System.Globalization;
using System.Text.Json.Serialization;

namespace Berth.Engine.Runtime;

/// <summary>
/// The cgroup limits a user asked for (<c>--memory</c>, <c>--cpus</c>, <c>--pids-limit</c>, <c>update</c>'s flags;
/// a pod's resources); null means none. <see cref="Cpus"/> and the CFS quota and period are two spellings of one limit.
/// </summary>
public sealed record ResourceLimits(long? MemoryBytes = null, double? Cpus = null, long? PidsLimit = null, ulong? CpuShares = null)
{
    /// <summary>The smallest memory limit Docker and Podman accept.</summary>
    public const long MinimumMemoryBytes = 6L << 20;

    public static ResourceLimits None { get; } = new();

    /// <summary>CFS quota in microseconds per <see cref="CpuPeriod"/> (`--cpu-quota`).</summary>
    public long? CpuQuota { get; init; }

    /// <summary>CFS period in microseconds (`--cpu-period`).</summary>
    public ulong? CpuPeriod { get; init; }

    /// <summary>The CPUs the container may run on, e.g. 0-1 (`--cpuset-cpus`).</summary>
    public string? CpusetCpus { get; init; }

    /// <summary>The memory nodes the container may use (`--cpuset-mems`).</summary>
    public string? CpusetMems { get; init; }

    /// <summary>The soft memory limit (`--memory-reservation`).</summary>
    public long? MemoryReservation { get; init; }

    /// <summary>Memory plus swap (`--memory-swap`); -1 is unlimited swap; null is no swap on top of the memory limit.</summary>
    public long? MemorySwap { get; init; }

    /// <summary>The relative block I/O weight, 10 to 1000 (`--blkio-weight`).</summary>
    public ushort? BlkioWeight { get; init; }

    /// <summary>The CFS quota in force: `--cpu-quota`, or `--cpus` over the default period.</summary>
    [JsonIgnore]
    public long? EffectiveCpuQuota => CpuQuota ?? (Cpus is { } cpus ? (long)Math.Round(cpus * EffectiveCpuPeriod!.Value) : null);

    /// <summary>The CFS period in force: `--cpu-period`, or Docker's 100 ms with `--cpus`.</summary>
    [JsonIgnore]
    public ulong? EffectiveCpuPeriod => CpuPeriod ?? (Cpus is null ? null : SpecGenerator.CpuPeriodMicroseconds);

    /// <summary>
    /// These limits with every limit <paramref name="changes"/> sets put over them (`update`): `--cpus` replaces a quota
    /// and period, and a quota or period replaces `--cpus` (keeping what it meant for the other half).
    /// </summary>
    public ResourceLimits With(ResourceLimits changes)
    {
        var merged = new ResourceLimits(
            changes.MemoryBytes ?? MemoryBytes, Cpus, changes.PidsLimit ?? PidsLimit, changes.CpuShares ?? CpuShares)
        {
            CpuQuota = CpuQuota,
            CpuPeriod = CpuPeriod,
            CpusetCpus = changes.CpusetCpus ?? CpusetCpus,
            CpusetMems = changes.CpusetMems ?? CpusetMems,
            MemoryReservation = changes.MemoryReservation ?? MemoryReservation,
            MemorySwap = changes.MemorySwap ?? MemorySwap,
            BlkioWeight = changes.BlkioWeight ?? BlkioWeight,
        };
        if (changes.Cpus is not null)
        {
            return merged with { Cpus = changes.Cpus, CpuQuota = null, CpuPeriod = null };
        }
        return changes.CpuQuota is null && changes.CpuPeriod is null
            ? merged
            : merged with { Cpus = null, CpuQuota = changes.CpuQuota ?? EffectiveCpuQuota, CpuPeriod = changes.CpuPeriod ?? EffectiveCpuPeriod };
    }

    /// <summary>Checks the limits against each other as dockerd's verifyContainerResources does, in its words (Podman 4.3 leaves them to runc).</summary>
    public ResourceLimits Validated()
    {
        if (MemoryBytes is < MinimumMemoryBytes)
        {
            throw new InvalidArgumentException("Minimum memory limit allowed is 6MB");
        }
        if (MemoryReservation is < MinimumMemoryBytes)
        {
            throw new InvalidArgumentException("Minimum memory reservation allowed is 6MB");
        }
        if (MemoryBytes is { } limit && MemoryReservation > limit)
        {
            throw new InvalidArgumentException("Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        if (MemorySwap is { } swap and not -1)
        {
            if (MemoryBytes is not { } memory)
            {
                throw new InvalidArgumentException("You should always set the Memory limit when using Memoryswap limit, see usage");
            }
            if (swap < memory)
            {
                throw new InvalidArgumentException("Minimum memoryswap limit should be larger than memory limit, see usage");
            }
        }
        if (BlkioWeight is < 10 or > 1000)
        {
            throw new InvalidArgumentException("Range of blkio weight is from 10 to 1000");
        }
        if (CpuPeriod is < 1000 or > 1_000_000)
        {
            throw new InvalidArgumentException("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        }
        if (CpuQuota is > 0 and < 1000)
        {
            throw new InvalidArgumentException("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        return this;
    }

    /// <summary>Parses a size like <c>64m</c>, <c>1g</c>, <c>512k</c> or plain bytes, as Podman does; at least 6 MiB.</summary>
    public static long ParseMemory(string value)
    {
        var bytes = ParseSize(value);
        return bytes < MinimumMemoryBytes ? throw new InvalidArgumentException("Minimum memory limit allowed is 6MB") : bytes;
    }

    /// <summary>A size like <c>64m</c> (units b, k, m, g, as Podman's units.RAMInBytes); "-1" when <paramref name="allowUnlimited"/>.</summary>
    public static long ParseSize(string value, bool allowUnlimited = false)
    {
        if (allowUnlimited && value.Trim() == "-1")
        {
            return -1;
        }
        var text = value.Trim().ToLowerInvariant().TrimEnd('b');
        long multiplier = 1;
        if (text.Length > 0 && "kmg".Contains(text[^1]))
        {
            multiplier = text[^1] switch { 'k' => 1L << 10, 'm' => 1L << 20, _ => 1L << 30 };
            text = text[..^1];
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            throw new InvalidArgumentException($"invalid size: '{value}'");
        }
        return (long)(number * multiplier);
    }
}
