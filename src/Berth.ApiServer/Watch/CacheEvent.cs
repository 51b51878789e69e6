namespace Berth.ApiServer.Watch;

public enum CacheEventType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>One change seen by the cache. <see cref="Previous"/> lets selector watches turn updates into ADDED/DELETED.</summary>
public sealed record CacheEvent(long Revision, CacheEventType Type, CachedObject Object, CachedObject? Previous);
