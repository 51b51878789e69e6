namespace Berth.Scheduler.Framework;

/// <summary>
/// The host ports in use on a node, counted so two pods on one port (which only an error allows)
/// release it correctly (kube-scheduler's HostPortInfo). 0.0.0.0 conflicts with every IP.
/// </summary>
public sealed class HostPortSet
{
    private readonly Dictionary<HostPort, int> _used = [];

    public int Count => _used.Count;

    public void Add(HostPort port)
    {
        if (port.Port > 0)
        {
            _used[port] = _used.GetValueOrDefault(port) + 1;
        }
    }

    public void Remove(HostPort port)
    {
        if (_used.TryGetValue(port, out var count))
        {
            if (count <= 1)
            {
                _used.Remove(port);
            }
            else
            {
                _used[port] = count - 1;
            }
        }
    }

    /// <summary>True when binding <paramref name="wanted"/> would clash with a port in use.</summary>
    public bool Conflicts(HostPort wanted)
    {
        if (wanted.Port <= 0 || _used.Count == 0)
        {
            return false;
        }
        if (wanted.Ip == HostPort.AnyIp)
        {
            foreach (var used in _used.Keys)
            {
                if (used.Port == wanted.Port && used.Protocol == wanted.Protocol)
                {
                    return true;
                }
            }
            return false;
        }
        return _used.ContainsKey(wanted) || _used.ContainsKey(wanted with { Ip = HostPort.AnyIp });
    }

    public HostPortSet Clone()
    {
        var copy = new HostPortSet();
        foreach (var (port, count) in _used)
        {
            copy._used[port] = count;
        }
        return copy;
    }
}
