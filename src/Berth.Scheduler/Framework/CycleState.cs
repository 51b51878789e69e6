namespace Berth.Scheduler.Framework;

/// <summary>
/// The data plugins keep for one pod's scheduling cycle (kube-scheduler's framework.CycleState),
/// in one slot per plugin so a filter reads it with an array index on every node.
/// </summary>
public sealed class CycleState
{
    private readonly ICycleData?[] _slots;

    public CycleState(int slots, int filters)
    {
        _slots = new ICycleData?[slots];
        SkippedFilters = new bool[filters];
    }

    private CycleState(ICycleData?[] slots, bool[] skippedFilters)
    {
        _slots = slots;
        SkippedFilters = skippedFilters;
    }

    /// <summary>Per filter plugin of the profile: its PreFilter answered Skip, so it does not filter this cycle.</summary>
    public bool[] SkippedFilters { get; }

    public T? Read<T>(int slot)
        where T : class, ICycleData => _slots[slot] as T;

    public void Write(int slot, ICycleData? data) => _slots[slot] = data;

    /// <summary>A copy whose plugin data can change (pods added or removed) without touching this one.</summary>
    public CycleState Clone() => new([.. _slots.Select(s => s?.Copy())], SkippedFilters);
}
