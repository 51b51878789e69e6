namespace Berth.Controllers.GarbageCollector;

/// <summary>
/// Owners known not to exist, so the dependents of a deleted owner do not each ask the API for it
/// (kube's absentOwnerCache): a least-recently-used set of bounded size.
/// </summary>
public sealed class AbsentOwnerCache(int capacity = 500)
{
    private readonly LinkedList<ObjectIdentity> _order = new();
    private readonly Dictionary<ObjectIdentity, LinkedListNode<ObjectIdentity>> _entries = [];
    private readonly Lock _lock = new();

    public void Add(ObjectIdentity owner)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(owner, out var existing))
            {
                _order.Remove(existing);
                _order.AddFirst(existing);
                return;
            }
            _entries[owner] = _order.AddFirst(owner);
            if (_entries.Count > capacity)
            {
                _entries.Remove(_order.Last!.Value);
                _order.RemoveLast();
            }
        }
    }

    public bool Contains(ObjectIdentity owner)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(owner, out var entry))
            {
                return false;
            }
            _order.Remove(entry);
            _order.AddFirst(entry);
            return true;
        }
    }
}
