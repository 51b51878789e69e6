namespace Berth.ApiServer.Watch;

/// <summary>
/// The cached objects of one resource, in key order, grouped by namespace so that listing a
/// namespace reads its own objects only, not every object of the resource.
/// </summary>
internal sealed class ResourceObjects(string resourcePrefix)
{
    // Group "ns/" holds a namespace's keys; "" holds a cluster-scoped resource's. Namespace names
    // have no '/', so no group is a prefix of another and the groups' order is their keys' order.
    private readonly SortedDictionary<string, SortedDictionary<string, CachedObject>> _groups = new(StringComparer.Ordinal);

    public CachedObject? Get(string key) =>
        _groups.TryGetValue(GroupOf(key), out var objects) && objects.TryGetValue(key, out var value) ? value : null;

    /// <summary>Stores an object; returns the one it replaced, if any.</summary>
    public CachedObject? Set(string key, CachedObject value)
    {
        var group = GroupOf(key);
        if (!_groups.TryGetValue(group, out var objects))
        {
            objects = new SortedDictionary<string, CachedObject>(StringComparer.Ordinal);
            _groups[group] = objects;
        }
        objects.TryGetValue(key, out var previous);
        objects[key] = value;
        return previous;
    }

    /// <summary>Removes an object; returns it, if it was there.</summary>
    public CachedObject? Remove(string key)
    {
        var group = GroupOf(key);
        if (!_groups.TryGetValue(group, out var objects) || !objects.Remove(key, out var previous))
        {
            return null;
        }
        if (objects.Count == 0)
        {
            _groups.Remove(group);
        }
        return previous;
    }

    /// <summary>Appends the objects whose keys start with <paramref name="prefix"/>, in key order.</summary>
    public void AddUnder(string prefix, List<CachedObject> items)
    {
        var rest = prefix.Length > resourcePrefix.Length ? prefix[resourcePrefix.Length..] : "";
        var slash = rest.IndexOf('/');
        if (slash >= 0)
        {
            if (_groups.TryGetValue(rest[..(slash + 1)], out var group))
            {
                AddMatching(group, prefix, items);
            }
            return;
        }
        foreach (var group in _groups.Values)
        {
            AddMatching(group, prefix, items);
        }
    }

    private static void AddMatching(SortedDictionary<string, CachedObject> objects, string prefix, List<CachedObject> items)
    {
        foreach (var (key, value) in objects)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                items.Add(value);
            }
        }
    }

    /// <summary>"ns/" of "/registry/core/pods/ns/name", "" of "/registry/core/nodes/name".</summary>
    private string GroupOf(string key)
    {
        var slash = key.IndexOf('/', resourcePrefix.Length);
        return slash < 0 ? "" : key[resourcePrefix.Length..(slash + 1)];
    }
}
