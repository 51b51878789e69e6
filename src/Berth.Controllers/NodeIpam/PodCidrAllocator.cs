namespace Berth.Controllers.NodeIpam;

/// <summary>
/// Which node holds which subnet of the cluster CIDR (kube's range allocator). Subnets are handed out round-robin
/// from after the last one given, so a subnet freed by a deleted node is not reused at once while its routes may
/// linger on other nodes. Thread-safe: informer handlers occupy and release while a worker allocates.
/// </summary>
public sealed class PodCidrAllocator(ClusterCidr range)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, string> _holders = [];
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);
    private int _next;

    public ClusterCidr Range => range;

    /// <summary>Records a subnet a node already has; false when it is outside the range (left alone, as kube does).</summary>
    public bool Occupy(string node, string subnet)
    {
        if (range.IndexOf(subnet) is not { } index)
        {
            return false;
        }
        lock (_lock)
        {
            _holders[index] = node;
            _held[node] = index;
        }
        return true;
    }

    /// <summary>
    /// The subnet <paramref name="node"/> holds (given before its Node showed it: the write is repeated, never a
    /// second subnet), else a free one it now holds, or null when every subnet is taken.
    /// </summary>
    public string? Allocate(string node)
    {
        lock (_lock)
        {
            if (_held.TryGetValue(node, out var held))
            {
                return range.SubnetAt(held);
            }
            for (var tried = 0; tried < range.Count; tried++)
            {
                var index = (_next + tried) % range.Count;
                if (_holders.TryAdd(index, node))
                {
                    _held[node] = index;
                    _next = (index + 1) % range.Count;
                    return range.SubnetAt(index);
                }
            }
            return null;
        }
    }

    /// <summary>Frees the subnet when <paramref name="node"/> still holds it.</summary>
    public void Release(string node, string subnet)
    {
        if (range.IndexOf(subnet) is not { } index)
        {
            return;
        }
        lock (_lock)
        {
            if (_holders.TryGetValue(index, out var holder) && holder == node)
            {
                _holders.Remove(index);
                _held.Remove(node);
            }
        }
    }
}
