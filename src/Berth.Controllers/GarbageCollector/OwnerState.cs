namespace Berth.Controllers.GarbageCollector;

/// <summary>What an ownerReference points to, as the API answers.</summary>
public enum OwnerState
{
    /// <summary>The owner exists and is not waiting for its dependents.</summary>
    Solid,

    /// <summary>No such owner (not found, or another object under that name).</summary>
    Dangling,

    /// <summary>The owner is deleting in the foreground (deletionTimestamp and the foregroundDeletion finalizer).</summary>
    WaitingForDependentsDeletion,
}
