using System.Text;

namespace Berth.Engine.Build;

/// <summary>
/// The arguments of ENV and LABEL: "k=v k2=\"two words\"" pairs, or the legacy "k value with spaces"
/// form when the first word has no '='. Quotes and backslashes work as in a shell word.
/// </summary>
public static class KeyValueParser
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string arguments)
    {
        var words = SplitWords(arguments);
        if (words.Count > 0 && !words[0].Contains('='))
        {
            var space = arguments.IndexOfAny([' ', '\t']);
            return [new(words[0], space < 0 ? "" : Unquote(arguments[space..].Trim()))];
        }
        return words.Select(w =>
        {
            var equals = w.IndexOf('=');
            return equals > 0 ? new KeyValuePair<string, string>(w[..equals], w[(equals + 1)..]) : throw new BerthException($"expected name=value, got {w}");
        }).ToList();
    }

    /// <summary>Splits on unquoted whitespace, removing the quotes and backslash escapes.</summary>
    public static List<string> SplitWords(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is null && char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\\' && i + 1 < text.Length && quote != '\'')
            {
                current.Append(text[++i]);
            }
            else if (c is '"' or '\'' && (quote is null || quote == c))
            {
                quote = quote is null ? c : null;
            }
            else
            {
                current.Append(c);
            }
        }
        if (quote is not null)
        {
            throw new BerthException($"unterminated quote in: {text}");
        }
        if (inWord)
        {
            words.Add(current.ToString());
        }
        return words;
    }

    private static string Unquote(string value) => SplitWords(value) is [var single] && value.Length > 0 && value[0] is '"' or '\'' ? single : value;
}
