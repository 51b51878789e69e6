using k8s;
using k8s.Models;

namespace Berth.Client.Informers;

/// <summary>
/// An informer's local copy of the objects it watches, with named indexes (by namespace always,
/// by owner, by node… as a controller adds them). Objects handed out are shared: callers never
/// mutate them (copy with <see cref="Serialization.ModelCopy"/> first).
/// </summary>
public sealed class ObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public const string NamespaceIndex = "namespace";

    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indexes = new(StringComparer.Ordinal);
    private readonly ReaderWriterLockSlim _lock = new();

    public ObjectCache() => AddIndex(NamespaceIndex, obj => obj.Metadata.NamespaceProperty is { } ns ? [ns] : []);

    /// <summary>Adds an index; call before the informer starts.</summary>
    public void AddIndex(string name, Func<T, IEnumerable<string>> values)
    {
        _lock.EnterWriteLock();
        try
        {
            _indexers[name] = values;
            var index = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            _indexes[name] = index;
            foreach (var (key, obj) in _items)
            {
                AddToIndex(index, values, key, obj);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public int Count => Read(() => _items.Count);

    public T? Get(string key) => Read(() => _items.GetValueOrDefault(key));

    public T? Get(string? ns, string name) => Get(ObjectKey.Of(ns, name));

    public IReadOnlyList<T> List() => Read(() => _items.Values.ToList());

    public IReadOnlyList<string> Keys() => Read(() => _items.Keys.ToList());

    /// <summary>The objects whose index <paramref name="index"/> yields <paramref name="value"/>.</summary>
    public IReadOnlyList<T> ByIndex(string index, string value) => Read(() =>
        _indexes[index].TryGetValue(value, out var keys) ? keys.Select(k => _items[k]).ToList() : (IReadOnlyList<T>)[]);

    public IReadOnlyList<T> InNamespace(string ns) => ByIndex(NamespaceIndex, ns);

    /// <summary>Stores the object; returns the one it replaced.</summary>
    internal T? Upsert(T obj)
    {
        var key = ObjectKey.Of(obj);
        _lock.EnterWriteLock();
        try
        {
            var old = _items.GetValueOrDefault(key);
            if (old is not null)
            {
                RemoveFromIndexes(key, old);
            }
            _items[key] = obj;
            foreach (var (name, values) in _indexers)
            {
                AddToIndex(_indexes[name], values, key, obj);
            }
            return old;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    internal T? Remove(string key)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_items.Remove(key, out var old))
            {
                return null;
            }
            RemoveFromIndexes(key, old);
            return old;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    private void RemoveFromIndexes(string key, T obj)
    {
        foreach (var (name, values) in _indexers)
        {
            var index = _indexes[name];
            foreach (var value in values(obj))
            {
                if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    index.Remove(value);
                }
            }
        }
    }

    private static void AddToIndex(Dictionary<string, HashSet<string>> index, Func<T, IEnumerable<string>> values, string key, T obj)
    {
        foreach (var value in values(obj))
        {
            if (!index.TryGetValue(value, out var keys))
            {
                index[value] = keys = new HashSet<string>(StringComparer.Ordinal);
            }
            keys.Add(key);
        }
    }

    private TResult Read<TResult>(Func<TResult> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
