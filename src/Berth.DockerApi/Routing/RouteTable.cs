using System.Text.RegularExpressions;
using Berth.DockerApi.Http;

namespace Berth.DockerApi.Routing;

/// <summary>
/// Method + path patterns to handlers. "{id}" matches one path segment; "{name*}" matches the rest, slashes
/// included, because image names travel unescaped (GET /images/localhost/app:1/json).
/// </summary>
public sealed partial class RouteTable
{
    private readonly List<(string Method, Regex Pattern, RequestHandler Handler)> _routes = [];

    public RouteTable Map(string method, string pattern, RequestHandler handler)
    {
        var regex = Placeholder().Replace(Regex.Escape(pattern).Replace("\\{", "{").Replace("\\*", "*"), match =>
            match.Groups[2].Success ? $"(?<{match.Groups[1].Value}>.+)" : $"(?<{match.Groups[1].Value}>[^/]+)");
        _routes.Add((method, new Regex("^" + regex + "/?$", RegexOptions.CultureInvariant), handler));
        return this;
    }

    /// <summary>The handler for the request and its path values; null when no route matches.</summary>
    public (RequestHandler Handler, Dictionary<string, string> Values)? Match(string method, string path)
    {
        foreach (var (routeMethod, pattern, handler) in _routes)
        {
            if (routeMethod != method && !(method == "HEAD" && routeMethod == "GET"))
            {
                continue;
            }
            var match = pattern.Match(path);
            if (match.Success)
            {
                var values = pattern.GetGroupNames().Where(g => !char.IsAsciiDigit(g[0])).ToDictionary(g => g, g => match.Groups[g].Value);
                return (handler, values);
            }
        }
        return null;
    }

    [GeneratedRegex(@"\{(\w+)(\*)?\}")]
    private static partial Regex Placeholder();
}
