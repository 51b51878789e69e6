using System.Runtime.CompilerServices;

namespace Berth.Storage.Encryption;

/// <summary>
/// Encryption at rest as a layer over any backend (kube's storage transformers): values are sealed
/// by <see cref="EncryptionPolicy"/> on their way into the store and opened on every way out (get,
/// list, delete, watch), so the API server and its watch cache see plain objects and SQLite or etcd
/// hold only ciphertext. Keys, revisions and compare-and-swap are the inner store's.
/// </summary>
public sealed class EncryptingKeyValueStore(IKeyValueStore inner, EncryptionPolicy policy) : IKeyValueStore
{
    public Task<long> GetRevisionAsync(CancellationToken cancellationToken = default) => inner.GetRevisionAsync(cancellationToken);

    public async Task<KeyValue?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Opened(await inner.GetAsync(key, cancellationToken));

    public async Task<ListResult> ListAsync(string prefix, long revision = 0, string? startAfterKey = null, int limit = 0, CancellationToken cancellationToken = default)
    {
        var list = await inner.ListAsync(prefix, revision, startAfterKey, limit, cancellationToken);
        return list with { Items = [.. list.Items.Select(item => Opened(item)!)] };
    }

    public Task<long> CreateAsync(string key, byte[] value, CancellationToken cancellationToken = default) =>
        inner.CreateAsync(key, policy.Seal(key, value), cancellationToken);

    public Task<long> UpdateAsync(string key, byte[] value, long expectedModRevision, CancellationToken cancellationToken = default) =>
        inner.UpdateAsync(key, policy.Seal(key, value), expectedModRevision, cancellationToken);

    public async Task<KeyValue> DeleteAsync(string key, long expectedModRevision = 0, CancellationToken cancellationToken = default) =>
        Opened(await inner.DeleteAsync(key, expectedModRevision, cancellationToken))!;

    public async IAsyncEnumerable<WatchEvent> WatchAsync(string prefix, long afterRevision, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var change in inner.WatchAsync(prefix, afterRevision, cancellationToken))
        {
            yield return change with { Current = Opened(change.Current)!, Previous = Opened(change.Previous) };
        }
    }

    public Task CompactAsync(long revision, CancellationToken cancellationToken = default) => inner.CompactAsync(revision, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>The value opened; a deletion's empty value stays empty.</summary>
    private KeyValue? Opened(KeyValue? kv) =>
        kv is null || kv.Value.Length == 0 ? kv : kv with { Value = policy.Open(kv.Key, kv.Value) };
}
