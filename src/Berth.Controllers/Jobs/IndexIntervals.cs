using System.Globalization;
using System.Text;

namespace Berth.Controllers.Jobs;

/// <summary>
/// A set of completion indexes as ordered, merged intervals, in the text form of
/// status.completedIndexes and status.failedIndexes ("1,3-5,7"; two neighbours are written "1,2").
/// </summary>
public sealed class IndexIntervals
{
    private readonly List<(int First, int Last)> _intervals;

    private IndexIntervals(List<(int First, int Last)> intervals) => _intervals = intervals;

    public static IndexIntervals Empty { get; } = new([]);

    public IReadOnlyList<(int First, int Last)> Intervals => _intervals;

    public int Total => _intervals.Sum(i => i.Last - i.First + 1);

    /// <summary>
    /// Parses the text form, keeping indexes below <paramref name="completions"/>; a corrupt
    /// interval is skipped (kube's parseIndexesFromString).
    /// </summary>
    public static IndexIntervals Parse(string? text, int completions)
    {
        var result = new List<(int First, int Last)>();
        if (string.IsNullOrEmpty(text))
        {
            return new IndexIntervals(result);
        }
        foreach (var part in text.Split(','))
        {
            var limits = part.Split('-');
            if (!int.TryParse(limits[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first))
            {
                continue;
            }
            if (first >= completions)
            {
                break;
            }
            var last = first;
            if (limits.Length > 1)
            {
                if (!int.TryParse(limits[1], NumberStyles.None, CultureInfo.InvariantCulture, out last))
                {
                    continue;
                }
                last = Math.Min(last, completions - 1);
            }
            if (result.Count > 0 && result[^1].Last == first - 1)
            {
                result[^1] = (result[^1].First, last);
            }
            else
            {
                result.Add((first, last));
            }
        }
        return new IndexIntervals(result);
    }

    public static IndexIntervals Of(IEnumerable<int> indexes) => Empty.With(indexes);

    /// <summary>These intervals with the given indexes added.</summary>
    public IndexIntervals With(IEnumerable<int> indexes) =>
        Merge(new IndexIntervals(indexes.Distinct().Order().Select(i => (i, i)).ToList()));

    /// <summary>The union of two sets.</summary>
    public IndexIntervals Merge(IndexIntervals other)
    {
        var result = new List<(int First, int Last)>();
        foreach (var interval in _intervals.Concat(other._intervals).OrderBy(i => i.First))
        {
            if (result.Count == 0 || interval.First > result[^1].Last + 1)
            {
                result.Add(interval);
            }
            else if (interval.Last > result[^1].Last)
            {
                result[^1] = (result[^1].First, interval.Last);
            }
        }
        return new IndexIntervals(result);
    }

    public bool Contains(int index) => _intervals.Any(i => i.First <= index && index <= i.Last);

    /// <summary>How many indexes of these intervals are also in <paramref name="other"/>.</summary>
    public int Overlap(IndexIntervals other) =>
        _intervals.Sum(a => other._intervals.Sum(b => Math.Max(0, Math.Min(a.Last, b.Last) - Math.Max(a.First, b.First) + 1)));

    /// <summary>The first <paramref name="count"/> indexes below <paramref name="completions"/> not in this set.</summary>
    public List<int> FirstMissing(int count, int completions)
    {
        var result = new List<int>();
        var candidate = 0;
        foreach (var (first, last) in _intervals)
        {
            for (; candidate < completions && result.Count < count && candidate < first; candidate++)
            {
                result.Add(candidate);
            }
            candidate = Math.Max(candidate, last + 1);
        }
        for (; candidate < completions && result.Count < count; candidate++)
        {
            result.Add(candidate);
        }
        return result;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (first, last) in _intervals)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }
            text.Append(first.ToString(CultureInfo.InvariantCulture));
            if (last > first)
            {
                text.Append(last == first + 1 ? ',' : '-').Append(last.ToString(CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }
}
