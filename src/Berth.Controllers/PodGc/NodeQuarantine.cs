namespace Berth.Controllers.PodGc;

/// <summary>
/// Remembers since when each node has been missing, and names those missing for the whole
/// quarantine: only those are checked against the API before their pods go.
/// </summary>
public sealed class NodeQuarantine(TimeSpan quarantine)
{
    private readonly Dictionary<string, DateTime> _missingSince = new(StringComparer.Ordinal);

    /// <summary>The nodes of <paramref name="missing"/> missing since at least the quarantine ago; nodes no longer missing are forgotten.</summary>
    public IReadOnlyList<string> Due(IEnumerable<string> missing, DateTime now)
    {
        var current = missing.ToHashSet(StringComparer.Ordinal);
        foreach (var back in _missingSince.Keys.Where(n => !current.Contains(n)).ToList())
        {
            _missingSince.Remove(back);
        }
        foreach (var node in current)
        {
            _missingSince.TryAdd(node, now);
        }
        return _missingSince.Where(e => now - e.Value >= quarantine).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
    }
}
