using System.Globalization;
using System.Text;

namespace Berth.Cli.Output.Templates;

/// <summary>
/// Splits a template into text and the tokens of its actions, as Go's text/template lexer does:
/// <c>{{- </c> and <c> -}}</c> trim the whitespace beside them, <c>{{/* */}}</c> is a comment.
/// </summary>
public static class TemplateLexer
{
    public static List<TemplateToken> Lex(string template)
    {
        var tokens = new List<TemplateToken>();
        var position = 0;
        var trimNext = false;
        while (position < template.Length)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            var text = open < 0 ? template[position..] : template[position..open];
            if (trimNext)
            {
                text = text.TrimStart();
            }
            var trimBefore = open >= 0 && open + 3 < template.Length && template[open + 2] == '-' && IsSpace(template[open + 3]);
            if (trimBefore)
            {
                text = text.TrimEnd();
            }
            if (text.Length > 0)
            {
                tokens.Add(new TemplateToken(TokenKind.Text, text));
            }
            if (open < 0)
            {
                break;
            }
            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new InvalidArgumentException("template: unclosed action");
            }
            var innerStart = open + 2 + (trimBefore ? 2 : 0);
            trimNext = close - 2 >= innerStart && template[close - 1] == '-' && IsSpace(template[close - 2]);
            var inner = template[innerStart..(trimNext ? close - 1 : close)];
            if (inner.Trim() is var comment && comment.StartsWith("/*", StringComparison.Ordinal))
            {
                if (!comment.EndsWith("*/", StringComparison.Ordinal))
                {
                    throw new InvalidArgumentException("template: unclosed comment");
                }
            }
            else
            {
                // A string literal may hold "}}": find the action's real end by lexing it.
                close = LexAction(template, innerStart, tokens, out trimNext);
            }
            position = close + 2;
        }
        return tokens;
    }

    /// <summary>Lexes an action from <paramref name="start"/> and returns the index of its closing "}}".</summary>
    private static int LexAction(string s, int start, List<TemplateToken> tokens, out bool trimAfter)
    {
        tokens.Add(new TemplateToken(TokenKind.ActionStart, ""));
        var i = start;
        var spaced = true;
        while (true)
        {
            if (i >= s.Length)
            {
                throw new InvalidArgumentException("template: unclosed action");
            }
            var c = s[i];
            if (IsSpace(c))
            {
                if (s.AsSpan(i + 1).StartsWith("-}}"))
                {
                    trimAfter = true;
                    tokens.Add(new TemplateToken(TokenKind.ActionEnd, ""));
                    return i + 2;
                }
                i++;
                spaced = true;
                continue;
            }
            if (s.AsSpan(i).StartsWith("}}"))
            {
                trimAfter = false;
                tokens.Add(new TemplateToken(TokenKind.ActionEnd, ""));
                return i;
            }
            var (kind, value, length) = c switch
            {
                '|' => (TokenKind.Pipe, "|", 1),
                '(' => (TokenKind.LeftParen, "(", 1),
                ')' => (TokenKind.RightParen, ")", 1),
                ',' => (TokenKind.Comma, ",", 1),
                ':' when i + 1 < s.Length && s[i + 1] == '=' => (TokenKind.Declare, ":=", 2),
                '=' => (TokenKind.Assign, "=", 1),
                '"' => QuotedString(s, i),
                '`' => RawString(s, i),
                '.' when i + 1 < s.Length && IsNameChar(s[i + 1]) && !char.IsDigit(s[i + 1]) => (TokenKind.Field, Name(s, i + 1), Name(s, i + 1).Length + 1),
                '.' when i + 1 < s.Length && char.IsDigit(s[i + 1]) => (TokenKind.Number, Number(s, i), Number(s, i).Length),
                '.' => (TokenKind.Dot, ".", 1),
                '$' => (TokenKind.Variable, Name(s, i + 1), Name(s, i + 1).Length + 1),
                _ when char.IsDigit(c) || ((c == '-' || c == '+') && i + 1 < s.Length && char.IsDigit(s[i + 1])) => (TokenKind.Number, Number(s, i), Number(s, i).Length),
                _ when IsNameChar(c) => (TokenKind.Identifier, Name(s, i), Name(s, i).Length),
                _ => throw new InvalidArgumentException($"template: unexpected \"{c}\" in command"),
            };
            tokens.Add(new TemplateToken(kind, value, spaced));
            i += length;
            spaced = false;
        }
    }

    private static (TokenKind, string, int) QuotedString(string s, int start)
    {
        var text = new StringBuilder();
        for (var i = start + 1; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '"':
                    return (TokenKind.String, text.ToString(), i - start + 1);
                case '\\' when i + 1 < s.Length:
                    i++;
                    text.Append(s[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '\\' => '\\', '"' => '"', '\'' => '\'', '0' => '\0', var other => throw new InvalidArgumentException($"template: unknown escape sequence \\{other}") });
                    break;
                case '\n':
                    throw new InvalidArgumentException("template: unterminated quoted string");
                default:
                    text.Append(s[i]);
                    break;
            }
        }
        throw new InvalidArgumentException("template: unterminated quoted string");
    }

    private static (TokenKind, string, int) RawString(string s, int start)
    {
        var end = s.IndexOf('`', start + 1);
        return end < 0 ? throw new InvalidArgumentException("template: unterminated raw quoted string") : (TokenKind.String, s[(start + 1)..end], end - start + 1);
    }

    private static string Name(string s, int start)
    {
        var end = start;
        while (end < s.Length && IsNameChar(s[end]))
        {
            end++;
        }
        return s[start..end];
    }

    private static string Number(string s, int start)
    {
        var end = start + 1;
        while (end < s.Length && (char.IsAsciiLetterOrDigit(s[end]) || s[end] is '.' or '_' || (s[end] is '+' or '-' && s[end - 1] is 'e' or 'E')))
        {
            end++;
        }
        var text = s[start..end];
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? text : throw new InvalidArgumentException($"template: bad number syntax: \"{text}\"");
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';
}
