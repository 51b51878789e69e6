using Berth.ApiServer.Authentication;
using Berth.ApiServer.Rest;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Authorization;

/// <summary>
/// What an authorizer decides on (kube's authorizer.Attributes): the user, the verb, and either the
/// resource (group, resource, subresource, namespace, name) or the non-resource path. Read from the
/// URL alone, as kube's RequestInfoFactory does, so unknown resources are authorized before they are
/// found missing.
/// </summary>
public sealed record RequestAttributes(
    UserInfo User,
    string Verb,
    bool IsResourceRequest,
    string Path,
    string ApiGroup = "",
    string ApiVersion = "",
    string Namespace = "",
    string Resource = "",
    string Subresource = "",
    string Name = "")
{
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    public static RequestAttributes From(HttpContext context, UserInfo user) =>
        From(context, user, RequestTarget.PathSegments(context.Request.Path.Value ?? "/"));

    /// <summary>The attributes of a request whose path the caller has split already (<see cref="RequestTarget.PathSegments"/>).</summary>
    public static RequestAttributes From(HttpContext context, UserInfo user, string[] parts)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (parts.Length < 3 || parts[0] is not ("api" or "apis") || (parts[0] == "apis" && parts.Length < 4))
        {
            return NonResource(user, request.Method, path);
        }
        var group = parts[0] == "apis" ? parts[1] : "";
        var rest = parts.AsSpan(parts[0] == "apis" ? 2 : 1);
        var version = rest[0];
        rest = rest[1..];
        var verb = request.Method switch
        {
            "POST" => "create",
            "GET" or "HEAD" => "get",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => "",
        };
        if (rest[0] == "watch")
        {
            if (rest.Length < 2)
            {
                return NonResource(user, request.Method, path);
            }
            verb = "watch";
            rest = rest[1..];
        }
        var ns = "";
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            ns = Uri.UnescapeDataString(rest[1]);
            if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }
        var resource = rest[0];
        var name = rest.Length > 1 ? Uri.UnescapeDataString(rest[1]) : "";
        var subresource = rest.Length > 2 ? rest[2] : "";
        if (name.Length == 0 && verb == "get")
        {
            verb = IsTrue(request.Query["watch"]) ? "watch" : "list";
            name = NameFromFieldSelector(request.Query["fieldSelector"]) ?? "";
        }
        if (name.Length == 0 && verb == "delete")
        {
            verb = "deletecollection";
        }
        return new RequestAttributes(user, verb, true, path, group, version, ns, resource, subresource, name);
    }

    private static RequestAttributes NonResource(UserInfo user, string method, string path) =>
        new(user, method switch
        {
            "GET" => "get",
            "POST" => "post",
            "PUT" => "put",
            "PATCH" => "patch",
            "DELETE" => "delete",
            "HEAD" => "head",
            _ => method.ToLowerInvariant(),
        }, false, path);

    /// <summary>A list or watch of one object by <c>metadata.name=X</c> is authorized as that object's (kube does so).</summary>
    private static string? NameFromFieldSelector(string? selector) =>
        selector?.Split(',').Select(t => t.Trim()).Select(t => t.StartsWith("metadata.name==", StringComparison.Ordinal) ? t[15..]
            : t.StartsWith("metadata.name=", StringComparison.Ordinal) ? t[14..] : null).FirstOrDefault(n => n is { Length: > 0 } && !n.Contains('/'));

    private static bool IsTrue(string? value) => value is "true" or "1";
}
