using System.Text;

namespace Berth.Engine.Build;

/// <summary>
/// Dockerfile variable substitution: $NAME, ${NAME}, ${NAME:-default}, ${NAME:+alternative}; "\$"
/// is a literal dollar. Unknown names expand to nothing.
/// </summary>
public static class VariableExpander
{
    public static string Expand(string text, IReadOnlyDictionary<string, string> variables)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (c == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    throw new BerthException($"missing '}}' in {text}");
                }
                result.Append(Braced(text[(i + 2)..close], variables));
                i = close;
            }
            else if (c == '$' && i + 1 < text.Length && IsNameStart(text[i + 1]))
            {
                var end = i + 1;
                while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }
                result.Append(variables.GetValueOrDefault(text[(i + 1)..end], ""));
                i = end - 1;
            }
            else
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }

    private static string Braced(string inner, IReadOnlyDictionary<string, string> variables)
    {
        var colon = inner.IndexOf(':');
        if (colon < 0)
        {
            return variables.GetValueOrDefault(inner, "");
        }
        var name = inner[..colon];
        var word = inner.Length > colon + 1 ? Expand(inner[(colon + 2)..], variables) : "";
        var isSet = variables.TryGetValue(name, out var value) && value.Length > 0;
        return inner.ElementAtOrDefault(colon + 1) switch
        {
            '-' => isSet ? value! : word,
            '+' => isSet ? word : "",
            _ => throw new BerthException($"unsupported modifier in ${{{inner}}}"),
        };
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';
}
