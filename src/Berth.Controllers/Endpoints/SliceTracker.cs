namespace Berth.Controllers.Endpoints;

/// <summary>
/// The EndpointSlices this controller wrote and not yet saw in its cache (kube's
/// endpointSliceTracker): a Service whose slices the cache shows older than written is not synced
/// from that stale view (it would create a slice twice); the slice's own event brings it back.
/// </summary>
public sealed class SliceTracker
{
    private readonly Dictionary<string, Dictionary<string, long>> _written = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>A write of a slice (its uid and new resourceVersion; -1 for a deletion).</summary>
    public void Wrote(string service, string uid, long resourceVersion)
    {
        lock (_lock)
        {
            if (!_written.TryGetValue(service, out var slices))
            {
                _written[service] = slices = new Dictionary<string, long>(StringComparer.Ordinal);
            }
            slices[uid] = resourceVersion;
        }
    }

    /// <summary>True when the cache (uid → resourceVersion) has caught up with every write; forgets what it has seen.</summary>
    public bool CaughtUp(string service, IReadOnlyDictionary<string, long> cached)
    {
        lock (_lock)
        {
            if (!_written.TryGetValue(service, out var slices))
            {
                return true;
            }
            foreach (var (uid, written) in slices.ToList())
            {
                var seen = cached.TryGetValue(uid, out var rv) ? rv : (long?)null;
                var caughtUp = written < 0 ? seen is null : seen >= written;
                if (caughtUp)
                {
                    slices.Remove(uid);
                }
            }
            if (slices.Count == 0)
            {
                _written.Remove(service);
                return true;
            }
            return false;
        }
    }

    public void Forget(string service)
    {
        lock (_lock)
        {
            _written.Remove(service);
        }
    }
}
