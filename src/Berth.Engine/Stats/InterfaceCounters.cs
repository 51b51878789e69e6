namespace Berth.Engine.Stats;

/// <summary>A network interface's counters since it was made.</summary>
public sealed record InterfaceCounters(
    ulong RxBytes, ulong RxPackets, ulong RxErrors, ulong RxDropped, ulong TxBytes, ulong TxPackets, ulong TxErrors, ulong TxDropped);
