namespace Berth.Controllers.DaemonSets;

/// <summary>
/// How soon a DaemonSet may replace a failed pod on a node again (kube's failedPodsBackoff, a
/// flowcontrol.Backoff): 1 s after the first failure, doubled per further one up to 15 minutes,
/// forgotten once a node has been quiet for twice the maximum. Keeps a crashing daemon from
/// being recreated in a hot loop.
/// </summary>
public sealed class FailedPodBackoff(TimeProvider time)
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(15);

    private readonly Dictionary<string, (TimeSpan Delay, DateTimeOffset Since)> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The rest of the back-off that holds for the key now; zero when a pod may be replaced.</summary>
    public TimeSpan Remaining(string key)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (!_entries.TryGetValue(key, out var entry) || Expired(entry.Since, now))
            {
                return TimeSpan.Zero;
            }
            var rest = entry.Delay - (now - entry.Since);
            return rest > TimeSpan.Zero ? rest : TimeSpan.Zero;
        }
    }

    /// <summary>Records a replacement: the next one waits twice as long as this one did.</summary>
    public void Next(string key)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var stale in _entries.Where(e => Expired(e.Value.Since, now)).Select(e => e.Key).ToList())
            {
                _entries.Remove(stale);
            }
            var delay = _entries.TryGetValue(key, out var entry) ? TimeSpan.FromTicks(Math.Min(entry.Delay.Ticks * 2, Max.Ticks)) : Initial;
            _entries[key] = (delay, now);
        }
    }

    private static bool Expired(DateTimeOffset since, DateTimeOffset now) => now - since > 2 * Max;
}
