using System.Net.Http.Headers;

namespace Berth.Engine.Registry;

/// <summary>
/// A WWW-Authenticate challenge (RFC 7235): "Basic realm=…" or "Bearer realm=…,service=…,scope=…",
/// as distribution's token auth spec defines it.
/// </summary>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>The first Bearer or Basic challenge of a 401 response, or null.</summary>
    public static AuthChallenge? From(HttpResponseHeaders headers) =>
        headers.WwwAuthenticate.Select(Parse).FirstOrDefault(c => c.IsBearer || c.IsBasic);

    public static AuthChallenge Parse(AuthenticationHeaderValue header) => new(header.Scheme, ParseParameters(header.Parameter ?? ""));

    /// <summary>Reads comma-separated key=value pairs whose values may be quoted (and contain commas, as scopes do).</summary>
    public static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }
            var equals = text.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }
            var key = text[i..equals].Trim();
            i = equals + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var end = i + 1;
                var builder = new System.Text.StringBuilder();
                while (end < text.Length && text[end] != '"')
                {
                    if (text[end] == '\\' && end + 1 < text.Length)
                    {
                        end++;
                    }
                    builder.Append(text[end++]);
                }
                value = builder.ToString();
                i = Math.Min(end + 1, text.Length);
            }
            else
            {
                var comma = text.IndexOf(',', i);
                var end = comma < 0 ? text.Length : comma;
                value = text[i..end].Trim();
                i = end;
            }
            result[key] = value;
        }
        return result;
    }
}
