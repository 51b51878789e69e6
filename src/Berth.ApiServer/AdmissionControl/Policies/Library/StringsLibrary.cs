using System.Collections;
using System.Text;
using Cel;

namespace Berth.ApiServer.AdmissionControl.Policies.Library;

/// <summary>
/// cel-go's strings extension as kube enables it (charAt, indexOf, lastIndexOf, lowerAscii, upperAscii,
/// replace, split, substring, trim, join, reverse): indices count code points, as cel-go's runes do.
/// Registered over cel-net's own string extension, whose substring takes a length, not an end.
/// </summary>
public static class StringsLibrary
{
    public static void Register(CelEnvironment environment)
    {
        Type s = typeof(string), i = typeof(long), list = typeof(IList);
        environment.RegisterFunction("charAt", [s, i], a => CharAt(Text(a[0]), Index(a[1])));
        environment.RegisterFunction("indexOf", [s, s], a => IndexOf(Text(a[0]), Text(a[1]), 0));
        environment.RegisterFunction("indexOf", [s, s, i], a => IndexOf(Text(a[0]), Text(a[1]), Index(a[2])));
        environment.RegisterFunction("lastIndexOf", [s, s], a => LastIndexOf(Text(a[0]), Text(a[1]), null));
        environment.RegisterFunction("lastIndexOf", [s, s, i], a => LastIndexOf(Text(a[0]), Text(a[1]), Index(a[2])));
        environment.RegisterFunction("lowerAscii", [s], a => MapAscii(Text(a[0]), 'A', 'Z', 'a' - 'A'));
        environment.RegisterFunction("upperAscii", [s], a => MapAscii(Text(a[0]), 'a', 'z', 'A' - 'a'));
        environment.RegisterFunction("replace", [s, s, s], a => Replace(Text(a[0]), Text(a[1]), Text(a[2]), -1));
        environment.RegisterFunction("replace", [s, s, s, i], a => Replace(Text(a[0]), Text(a[1]), Text(a[2]), (long)a[3]!));
        environment.RegisterFunction("split", [s, s], a => Split(Text(a[0]), Text(a[1]), -1));
        environment.RegisterFunction("split", [s, s, i], a => Split(Text(a[0]), Text(a[1]), (long)a[2]!));
        environment.RegisterFunction("substring", [s, i], a => Substring(Text(a[0]), Index(a[1]), null));
        environment.RegisterFunction("substring", [s, i, i], a => Substring(Text(a[0]), Index(a[1]), Index(a[2])));
        environment.RegisterFunction("trim", [s], a => Text(a[0]).Trim());
        environment.RegisterFunction("reverse", [s], a => string.Concat(Runes(Text(a[0])).Reverse()));
        environment.RegisterFunction("join", [list], a => Join((IList)a[0]!, ""));
        environment.RegisterFunction("join", [list, s], a => Join((IList)a[0]!, Text(a[1])));
    }

    private static string Text(object? value) => (string)value!;

    private static long Index(object? value) => (long)value!;

    private static string[] Runes(string text) => [.. text.EnumerateRunes().Select(rune => rune.ToString())];

    private static string CharAt(string text, long index)
    {
        var runes = Runes(text);
        return index < 0 || index > runes.Length ? throw OutOfRange(index) : index == runes.Length ? "" : runes[index];
    }

    private static long IndexOf(string text, string search, long from)
    {
        var runes = Runes(text);
        if (from < 0 || from > runes.Length)
        {
            throw OutOfRange(from);
        }
        var found = string.Concat(runes.Skip((int)from)).IndexOf(search, StringComparison.Ordinal);
        return found < 0 ? -1 : from + RuneCount(string.Concat(runes.Skip((int)from))[..found]);
    }

    private static long LastIndexOf(string text, string search, long? from)
    {
        var runes = Runes(text);
        var end = from ?? runes.Length;
        if (end < 0 || end > runes.Length)
        {
            throw OutOfRange(end);
        }
        // The match may start at `end` at the latest, so the text searched runs to end + the search's length.
        var prefix = string.Concat(runes.Take((int)Math.Min(runes.Length, end + RuneCount(search))));
        var found = prefix.LastIndexOf(search, StringComparison.Ordinal);
        return found < 0 ? -1 : RuneCount(prefix[..found]);
    }

    private static int RuneCount(string text) => text.EnumerateRunes().Count();

    private static string MapAscii(string text, char first, char last, int shift) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] >= first && source[i] <= last ? (char)(source[i] + shift) : source[i];
            }
        });

    /// <summary>Go's strings.Replace: at most <paramref name="count"/> replacements, all when negative; an empty old string matches before every code point and at the end.</summary>
    private static string Replace(string text, string old, string replacement, long count)
    {
        if (count < 0 && old.Length > 0)
        {
            return text.Replace(old, replacement, StringComparison.Ordinal);
        }
        var result = new StringBuilder();
        if (old.Length == 0)
        {
            var runes = Runes(text);
            for (var k = 0; k <= runes.Length; k++)
            {
                result.Append(count < 0 || k < count ? replacement : "").Append(k < runes.Length ? runes[k] : "");
            }
            return result.ToString();
        }
        var at = 0;
        for (var done = 0L; done < count && text.IndexOf(old, at, StringComparison.Ordinal) is var found and >= 0; done++)
        {
            result.Append(text, at, found - at).Append(replacement);
            at = found + old.Length;
        }
        return result.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>Go's strings.SplitN: n &lt; 0 all parts, 0 none, else at most n (the last holds the rest).</summary>
    private static List<object?> Split(string text, string separator, long n)
    {
        if (n == 0)
        {
            return [];
        }
        var parts = separator.Length == 0
            ? Runes(text)
            : n < 0 ? text.Split(separator) : text.Split(separator, (int)Math.Min(n, int.MaxValue));
        if (separator.Length == 0 && n > 0 && parts.Length > n)
        {
            parts = [.. parts.Take((int)n - 1), string.Concat(parts.Skip((int)n - 1))];
        }
        return [.. parts];
    }

    private static string Substring(string text, long start, long? end)
    {
        var runes = Runes(text);
        var stop = end ?? runes.Length;
        if (start < 0 || start > runes.Length)
        {
            throw OutOfRange(start);
        }
        if (stop < 0 || stop > runes.Length)
        {
            throw OutOfRange(stop);
        }
        return start > stop
            ? throw new CelArgumentRangeException($"invalid substring range. start: {start}, end: {stop}")
            : string.Concat(runes[(int)start..(int)stop]);
    }

    private static string Join(IList items, string separator) =>
        string.Join(separator, items.Cast<object?>().Select(item => item as string ?? throw new CelNoSuchOverloadException("no such overload: join requires a list of strings")));

    private static CelArgumentRangeException OutOfRange(long index) => new($"index out of range: {index}");
}
