using System.Text.RegularExpressions;
using Berth.ApiServer.Http;
using Berth.ApiServer.Resources;

namespace Berth.ApiServer.Rest;

/// <summary>
/// What a resource URL names, after k8s.io/apiserver's RequestInfoFactory:
/// <c>/api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]</c> and the same under
/// <c>/apis/{group}/{version}</c>; a leading <c>watch/</c> segment is the legacy watch form; the <c>proxy</c>
/// subresource takes the rest of the path as the proxied one.
/// </summary>
public sealed partial record RequestTarget(ResourceDefinition Resource, string? Namespace, string? Name, string? Subresource, bool LegacyWatch)
{
    private const string Proxy = "proxy";

    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    /// <summary>For the proxy subresource, the path after <c>proxy</c> (at least "/"), its trailing slash kept.</summary>
    public string? ProxyPath { get; init; }

    /// <summary>The (group, version) and the segments after it, or null when the path is not under /api or /apis.</summary>
    public static (string Group, string Version, string[] Segments)? SplitGroupVersion(string path) => SplitGroupVersion(PathSegments(path));

    /// <summary>A URL path's segments, without the slashes at either end: split once per request, read by the authorizer and the router.</summary>
    public static string[] PathSegments(string path) => path.Trim('/').Split('/');

    public static (string Group, string Version, string[] Segments)? SplitGroupVersion(string[] segments)
    {
        return segments switch
        {
            ["api", var version, .. var rest] => ("", version, rest),
            ["apis", var group, var version, .. var rest] => (group, version, rest),
            _ => null,
        };
    }

    public static RequestTarget Parse(ResourceRegistry registry, string group, string version, string[] segments, string path)
    {
        if (segments.Any(s => s.Length == 0))
        {
            throw ApiException.NotFoundPath(path);
        }
        var legacyWatch = false;
        if (segments is ["watch", ..])
        {
            legacyWatch = true;
            segments = segments[1..];
        }
        string? ns = null;
        if (segments is ["namespaces", var namespaceName, var next, ..] && !NamespaceSubresources.Contains(next))
        {
            ns = namespaceName;
            segments = segments[2..];
        }
        string? proxyPath = null;
        if (segments is [_, _, Proxy, .. var proxied])
        {
            proxyPath = proxied.Length == 0 ? "/" : $"/{string.Join('/', proxied)}{(path.EndsWith('/') ? "/" : "")}";
            segments = segments[..3];
        }
        if (segments.Length is 0 or > 3)
        {
            throw ApiException.NotFoundPath(path);
        }
        var resource = registry.Find(group, version, segments[0]) ?? throw ApiException.NotFoundPath(path);
        if (ns is not null && !resource.Namespaced)
        {
            throw ApiException.NotFoundPath(path);
        }
        var name = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : null;
        if (ns is not null && !NamespaceName().IsMatch(Uri.UnescapeDataString(ns)))
        {
            throw ApiException.NotFoundPath(path);
        }
        var subresource = segments.Length > 2 ? segments[2] : null;
        return new RequestTarget(resource, ns is null ? null : Uri.UnescapeDataString(ns), name, subresource, legacyWatch) { ProxyPath = proxyPath };
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespaceName();
}
