namespace Berth.Controllers.Machinery;

/// <summary>
/// What a controller has asked for and not yet seen in its informer (kube's ControllerExpectations):
/// after creating N pods it waits for N adds before counting pods again, so a lagging cache never
/// makes it create the same pods twice. Expectations expire after 5 minutes in case an event is lost.
/// </summary>
public sealed class Expectations(TimeProvider time)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private sealed class Pending(int adds, HashSet<string> deletes, long since)
    {
        public int Adds { get; set; } = adds;

        public HashSet<string> Deletes { get; } = deletes;

        public long Since { get; } = since;
    }

    /// <summary>True when everything asked for has been seen (or the expectation expired or never was).</summary>
    public bool Satisfied(string key)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(key, out var p))
            {
                return true;
            }
            if ((p.Adds <= 0 && p.Deletes.Count == 0) || time.GetElapsedTime(p.Since) > Ttl)
            {
                _pending.Remove(key);
                return true;
            }
            return false;
        }
    }

    public void ExpectCreations(string key, int count) => Set(key, count, []);

    /// <summary>Expects creations and the deletion of these objects (by uid) at once.</summary>
    public void Expect(string key, int creations, IEnumerable<string> deletions) => Set(key, creations, [.. deletions]);

    /// <summary>Expects the deletion of these objects (by uid).</summary>
    public void ExpectDeletions(string key, IEnumerable<string> uids) => Set(key, 0, [.. uids]);

    public void CreationObserved(string key)
    {
        lock (_lock)
        {
            if (_pending.TryGetValue(key, out var p))
            {
                p.Adds--;
            }
        }
    }

    public void DeletionObserved(string key, string uid)
    {
        lock (_lock)
        {
            if (_pending.TryGetValue(key, out var p))
            {
                p.Deletes.Remove(uid);
            }
        }
    }

    public void Forget(string key)
    {
        lock (_lock)
        {
            _pending.Remove(key);
        }
    }

    private void Set(string key, int adds, HashSet<string> deletes)
    {
        lock (_lock)
        {
            _pending[key] = new Pending(adds, deletes, time.GetTimestamp());
        }
    }
}
