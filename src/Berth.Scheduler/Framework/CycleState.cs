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

    private CycleState(ICycleData?[] slots, bool[] skippedFilters, ActiveFilter[]? activeFilters)
    {
        _slots = slots;
        SkippedFilters = skippedFilters;
        ActiveFilters = activeFilters;
    }

    /// <summary>Per filter plugin of the profile: its PreFilter answered Skip, so it does not filter this cycle.</summary>
    public bool[] SkippedFilters { get; }

    /// <summary>
    /// The filters that filter this cycle (not skipped), in the profile's order, made once the PreFilters ran: the
    /// loop over hundreds of nodes then reads an array, not the profile's list and the skips, for every node.
    /// </summary>
    public ActiveFilter[]? ActiveFilters { get; set; }

    public T? Read<T>(int slot)
        where T : class, ICycleData => _slots[slot] as T;

    public void Write(int slot, ICycleData? data) => _slots[slot] = data;

    /// <summary>A copy whose plugin data can change (pods added or removed) without touching this one.</summary>
    public CycleState Clone() => new([.. _slots.Select(s => s?.Copy())], SkippedFilters, ActiveFilters);
}
