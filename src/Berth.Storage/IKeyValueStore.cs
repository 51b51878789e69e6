namespace Berth.Storage;

/// <summary>
/// A revisioned key-value store with watch: the etcd v3 model. Every write gets the next global
/// revision; a key's <see cref="KeyValue.ModRevision"/> is the Kubernetes resourceVersion.
/// Backends: SQLite (an append-only log after kine) and etcd.
/// </summary>
public interface IKeyValueStore : IAsyncDisposable
{
    /// <summary>The revision of the newest write.</summary>
    Task<long> GetRevisionAsync(CancellationToken cancellationToken = default);

    Task<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keys under <paramref name="prefix"/> in key order, as of <paramref name="revision"/> (0 = now),
    /// starting after <paramref name="startAfterKey"/>, at most <paramref name="limit"/> (0 = all).
    /// Throws <see cref="RevisionCompactedException"/> for a revision older than the compaction point.
    /// </summary>
    Task<ListResult> ListAsync(string prefix, long revision = 0, string? startAfterKey = null, int limit = 0, CancellationToken cancellationToken = default);

    /// <summary>Creates a key that does not exist; throws <see cref="KeyExistsException"/> otherwise. Returns the new revision.</summary>
    Task<long> CreateAsync(string key, byte[] value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a key's value if its mod revision is still <paramref name="expectedModRevision"/>;
    /// throws <see cref="RevisionConflictException"/> (stale) or <see cref="KeyMissingException"/>. Returns the new revision.
    /// </summary>
    Task<long> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a key, only if its mod revision is <paramref name="expectedModRevision"/> unless that is 0.
    /// Returns the deleted value with the deletion's revision as its mod revision.
    /// </summary>
    Task<KeyValue> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every change under <paramref name="prefix"/> after <paramref name="afterRevision"/>, in revision
    /// order, until cancelled. Throws <see cref="RevisionCompactedException"/> when that history is gone.
    /// </summary>
    IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, CancellationToken cancellationToken = default);

    /// <summary>Forgets history older than <paramref name="revision"/>; the newest value of each live key stays.</summary>
    Task CompactAsync(long revision, CancellationToken cancellationToken = default);
}
