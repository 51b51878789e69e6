using Cel;

namespace Berth.ApiServer.AdmissionControl.Policies.Library;

/// <summary>
/// kube's URL library (apiserver/pkg/cel/library/urls.go): <c>url(s)</c> takes an absolute URL or an
/// absolute path (Go's url.ParseRequestURI), <c>isURL(s)</c> tests it, and getScheme, getHost,
/// getHostname, getPort, getEscapedPath and getQuery read its parts.
/// </summary>
public static class UrlLibrary
{
    public static void Register(CelEnvironment environment)
    {
        Type s = typeof(string), url = typeof(Uri);
        environment.RegisterFunction("url", [s], a => Parse((string)a[0]!) ?? throw new CelArgumentRangeException($"URL parse error during conversion from string: parse \"{a[0]}\": invalid URI for request"));
        environment.RegisterFunction("isURL", [s], a => Parse((string)a[0]!) is not null);
        environment.RegisterFunction("getScheme", [url], a => Absolute(a[0]) is { } u ? u.Scheme : "");
        environment.RegisterFunction("getHost", [url], a => Absolute(a[0]) is { } u ? u.IsDefaultPort && !HasExplicitPort(u) ? Bracketed(u) : $"{Bracketed(u)}:{u.Port}" : "");
        environment.RegisterFunction("getHostname", [url], a => Absolute(a[0])?.Host ?? "");
        environment.RegisterFunction("getPort", [url], a => Absolute(a[0]) is { } u && HasExplicitPort(u) ? u.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");
        environment.RegisterFunction("getEscapedPath", [url], a => Absolute(a[0]) is { } u ? u.AbsolutePath : ((Uri)a[0]!).OriginalString.Split('?')[0]);
        environment.RegisterFunction("getQuery", [url], a => Query((Uri)a[0]!));
    }

    private static Uri? Parse(string text)
    {
        if (text.StartsWith('/'))
        {
            return Uri.TryCreate(text, UriKind.Relative, out var path) ? path : null;
        }
        return Uri.TryCreate(text, UriKind.Absolute, out var absolute) && !absolute.IsFile ? absolute : null;
    }

    private static Uri? Absolute(object? value) => value is Uri { IsAbsoluteUri: true } uri ? uri : null;

    private static string Bracketed(Uri uri) => uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.Host}]" : uri.Host;

    // System.Uri fills in the scheme's default port; Go keeps only the port the text names.
    private static bool HasExplicitPort(Uri uri) => uri.Authority.Contains(':') && !uri.Authority.EndsWith(']');

    private static Dictionary<string, object?> Query(Uri uri)
    {
        var text = uri.IsAbsoluteUri ? uri.Query : (uri.OriginalString.Split('?', 2) is [_, var query] ? query : "");
        return text.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .GroupBy(pair => Uri.UnescapeDataString(pair[0].Replace('+', ' ')), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (object?)g.Select(pair => (object?)(pair.Length > 1 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : "")).ToList());
    }
}
