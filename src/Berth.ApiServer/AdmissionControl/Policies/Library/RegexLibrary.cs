using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Cel;

namespace Berth.ApiServer.AdmissionControl.Policies.Library;

/// <summary>
/// kube's regex library (apiserver/pkg/cel/library/regex.go): <c>s.find(re)</c> is the first match or
/// "", <c>s.findAll(re)</c> and <c>s.findAll(re, n)</c> the matches (at most n when n ≥ 0).
/// Patterns are compiled once and kept, with a timeout so a pathological pattern cannot hold a request.
/// </summary>
public static class RegexLibrary
{
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    public static void Register(CelEnvironment environment)
    {
        Type s = typeof(string), i = typeof(long);
        environment.RegisterFunction("find", [s, s], a => Pattern((string)a[1]!).Match((string)a[0]!) is { Success: true } match ? match.Value : "");
        environment.RegisterFunction("findAll", [s, s], a => FindAll((string)a[0]!, (string)a[1]!, -1));
        environment.RegisterFunction("findAll", [s, s, i], a => FindAll((string)a[0]!, (string)a[1]!, (long)a[2]!));
    }

    private static List<object?> FindAll(string text, string pattern, long limit) =>
        [.. Pattern(pattern).Matches(text).Select(m => (object?)m.Value).Take(limit < 0 ? int.MaxValue : (int)Math.Min(limit, int.MaxValue))];

    private static Regex Pattern(string pattern)
    {
        if (Patterns.TryGetValue(pattern, out var regex))
        {
            return regex;
        }
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new CelArgumentRangeException($"invalid regex string: {e.Message}");
        }
        if (Patterns.Count > 1024)
        {
            Patterns.Clear();
        }
        return Patterns.GetOrAdd(pattern, regex);
    }
}
