namespace Berth.Agent.Pods;

/// <summary>
/// kubelet's crash-loop back-off per pod container: the first restart is immediate, the next waits
/// 10 s after the exit, doubling up to 5 min; a container that ran longer than 10 min starts over.
/// </summary>
public sealed class RestartBackoff(TimeProvider time)
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, (TimeSpan Delay, DateTimeOffset Updated)> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>
    /// How long a container that exited at <paramref name="finishedAt"/> must still wait (zero when it
    /// may restart now), and the back-off it waits out.
    /// </summary>
    public (TimeSpan Left, TimeSpan Delay) Remaining(string key, DateTimeOffset finishedAt)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry) || time.GetUtcNow() - entry.Updated > 2 * Max)
            {
                return (TimeSpan.Zero, TimeSpan.Zero);
            }
            var left = finishedAt + entry.Delay - time.GetUtcNow();
            return (left > TimeSpan.Zero ? left : TimeSpan.Zero, entry.Delay);
        }
    }

    /// <summary>Records a restart: the next one waits twice as long (from 10 s, at most 5 min).</summary>
    public TimeSpan Next(string key)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var delay = _entries.TryGetValue(key, out var entry) && now - entry.Updated <= 2 * Max
                ? TimeSpan.FromTicks(Math.Min(entry.Delay.Ticks * 2, Max.Ticks))
                : Initial;
            _entries[key] = (delay, now);
            return delay;
        }
    }

    /// <summary>Forgets every container of a pod that is gone.</summary>
    public void Forget(string podUid)
    {
        lock (_lock)
        {
            foreach (var key in _entries.Keys.Where(k => k.StartsWith(podUid + "/", StringComparison.Ordinal)).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

    public static string KeyOf(string podUid, string container) => $"{podUid}/{container}";
}
