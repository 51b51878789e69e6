namespace Berth.Engine.Stats;

/// <summary>One reading of a running container's counters: its cgroup's CPU, memory, block I/O and tasks, and its network namespace's interfaces.</summary>
public sealed record ContainerSample
{
    public required DateTimeOffset Read { get; init; }

    /// <summary>CPU time the cgroup used since it was made, in nanoseconds; per CPU, and in user and kernel mode.</summary>
    public required ulong CpuTotal { get; init; }
    public required IReadOnlyList<ulong> PerCpu { get; init; }
    public required ulong CpuUser { get; init; }
    public required ulong CpuKernel { get; init; }

    /// <summary>The host's CPU time (all CPUs, idle included) at the reading, in nanoseconds, as dockerd reads /proc/stat.</summary>
    public required ulong SystemCpu { get; init; }
    public required int OnlineCpus { get; init; }

    public required MemorySample Memory { get; init; }
    public required IReadOnlyList<BlkioEntry> BlockIo { get; init; }
    public required ulong Pids { get; init; }
    public ulong? PidsLimit { get; init; }

    /// <summary>The container's interfaces (loopback left out); null when it has no network namespace of its own (host or none).</summary>
    public IReadOnlyDictionary<string, InterfaceCounters>? Networks { get; init; }

    public ulong BlockRead => SumBlockIo("Read");
    public ulong BlockWrite => SumBlockIo("Write");
    public ulong NetworkRx => Networks?.Values.Aggregate(0UL, (sum, i) => sum + i.RxBytes) ?? 0;
    public ulong NetworkTx => Networks?.Values.Aggregate(0UL, (sum, i) => sum + i.TxBytes) ?? 0;

    private ulong SumBlockIo(string op) =>
        BlockIo.Where(e => e.Op.Equals(op, StringComparison.OrdinalIgnoreCase)).Aggregate(0UL, (sum, e) => sum + e.Value);
}
