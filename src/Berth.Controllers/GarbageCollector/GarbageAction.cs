namespace Berth.Controllers.GarbageCollector;

/// <summary>What the garbage collector does with one object whose owners it has classified.</summary>
public abstract record GarbageAction
{
    /// <summary>A solid owner keeps it and no reference needs cleaning.</summary>
    public sealed record Keep : GarbageAction;

    /// <summary>A solid owner keeps it; the references to absent owners and to owners waiting for their dependents go.</summary>
    public sealed record RemoveOwnerReferences(IReadOnlyList<string> OwnerUids) : GarbageAction;

    /// <summary>
    /// Deleted with this propagation. <see cref="UnblockFirst"/>: one of its own dependents waits for
    /// it in the foreground while its owner waits for it, a cycle broken by clearing blockOwnerDeletion first.
    /// </summary>
    public sealed record Delete(string Propagation, bool UnblockFirst = false) : GarbageAction;
}
