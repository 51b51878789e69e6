namespace Berth.Engine.Stats;

/// <summary>One device's count of one operation ("Read", "Write", …), as Docker's blkio_stats lists them.</summary>
public sealed record BlkioEntry(ulong Major, ulong Minor, string Op, ulong Value);
