namespace Berth.Client.Selectors;

/// <summary>Label maps compared as sets of key/value pairs (null is the empty set), without sorting or copying either.</summary>
public static class LabelSets
{
    public static bool Equal(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }
        if (a is null || b is null)
        {
            return true;
        }
        if (a is Dictionary<string, string> dictionary)
        {
            // The models' maps are Dictionaries: their struct enumerator, not a boxed one per comparison.
            foreach (var pair in dictionary)
            {
                if (!Holds(b, pair))
                {
                    return false;
                }
            }
            return true;
        }
        return a.All(pair => Holds(b, pair));
    }

    private static bool Holds(IDictionary<string, string> map, KeyValuePair<string, string> pair) =>
        map.TryGetValue(pair.Key, out var value) && value == pair.Value;
}
