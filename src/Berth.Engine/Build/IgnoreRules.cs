using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Engine.Build;

/// <summary>
/// The context's .containerignore (preferred) or .dockerignore, with Docker's rules (moby
/// patternmatcher): one pattern per line relative to the context, '#' comments, Go filepath.Match
/// syntax ('*', '?', '[…]', '\' escapes) plus '**' for any number of directories, '!' for an
/// exception; the last matching line decides, and a pattern that matches a directory excludes all
/// below it.
/// </summary>
public sealed class IgnoreRules
{
    private readonly List<(Regex Pattern, bool Exception)> _rules;

    private IgnoreRules(List<(Regex Pattern, bool Exception)> rules) => _rules = rules;

    public static IgnoreRules None { get; } = new([]);

    /// <summary>Whether some line re-includes paths, so an excluded directory may still hold included entries.</summary>
    public bool HasExceptions => _rules.Any(r => r.Exception);

    public static IgnoreRules Load(string contextDirectory)
    {
        foreach (var name in (string[])[".containerignore", ".dockerignore"])
        {
            var path = Path.Combine(contextDirectory, name);
            if (File.Exists(path))
            {
                return Parse(File.ReadAllText(path));
            }
        }
        return None;
    }

    public static IgnoreRules Parse(string text)
    {
        var rules = new List<(Regex, bool)>();
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var exception = line[0] == '!';
            var pattern = Clean(exception ? line[1..].Trim() : line);
            if (pattern.Length > 0)
            {
                rules.Add((ToRegex(pattern), exception));
            }
        }
        return new IgnoreRules(rules);
    }

    /// <param name="relativePath">A path relative to the context, '/'-separated.</param>
    public bool IsExcluded(string relativePath)
    {
        if (_rules.Count == 0 || relativePath.Length == 0)
        {
            return false;
        }
        var excluded = false;
        foreach (var (pattern, exception) in _rules)
        {
            if (MatchesOrParentMatches(pattern, relativePath))
            {
                excluded = !exception;
            }
        }
        return excluded;
    }

    private static bool MatchesOrParentMatches(Regex pattern, string path)
    {
        for (var end = path.Length; end > 0; end = path.LastIndexOf('/', end - 1))
        {
            if (pattern.IsMatch(path[..end]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>As Go's filepath.Clean, without the leading '/' (patterns are relative to the context).</summary>
    private static string Clean(string pattern)
    {
        var parts = new List<string>();
        foreach (var part in pattern.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        regex.Append("(.*/)?");
                    }
                    else
                    {
                        regex.Append(".*");
                    }
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }
                    var set = pattern[(i + 1)..close];
                    regex.Append('[').Append(set.StartsWith('!') ? "^" + set[1..] : set).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < pattern.Length:
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
