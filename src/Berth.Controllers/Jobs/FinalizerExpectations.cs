namespace Berth.Controllers.Jobs;

/// <summary>
/// Pods (by uid) whose tracking finalizer a Job's sync removed and whose update the informer has
/// not shown yet (kube's uidTrackingExpectations): until then the cached pod still carries the
/// finalizer and must not be counted a second time.
/// </summary>
public sealed class FinalizerExpectations
{
    private readonly Dictionary<string, HashSet<string>> _expected = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public IReadOnlySet<string> Expected(string jobKey)
    {
        lock (_lock)
        {
            return _expected.TryGetValue(jobKey, out var uids) ? new HashSet<string>(uids, StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);
        }
    }

    public void ExpectRemovals(string jobKey, IEnumerable<string> uids)
    {
        lock (_lock)
        {
            if (!_expected.TryGetValue(jobKey, out var set))
            {
                _expected[jobKey] = set = new HashSet<string>(StringComparer.Ordinal);
            }
            set.UnionWith(uids);
        }
    }

    public void RemovalObserved(string jobKey, string uid)
    {
        lock (_lock)
        {
            if (_expected.TryGetValue(jobKey, out var set) && set.Remove(uid) && set.Count == 0)
            {
                _expected.Remove(jobKey);
            }
        }
    }

    public void Forget(string jobKey)
    {
        lock (_lock)
        {
            _expected.Remove(jobKey);
        }
    }
}
