namespace Berth.Controllers.GarbageCollector;

/// <summary>Where the <see cref="OwnerGraph"/> sends the objects (by uid) a change gives work to.</summary>
public interface IGraphWork
{
    /// <summary>Check whether the object should be deleted, or (deleting in the foreground) whether its dependents are gone.</summary>
    void AttemptToDelete(string uid);

    /// <summary>Remove the object's uid from its dependents' ownerReferences, then its orphan finalizer.</summary>
    void AttemptToOrphan(string uid);
}
