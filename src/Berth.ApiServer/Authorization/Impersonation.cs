using Berth.ApiServer.Authentication;
using Berth.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Authorization;

/// <summary>
/// kube-apiserver's impersonation (<c>kubectl --as</c>, <c>--as-group</c>, <c>--as-uid</c>): the
/// Impersonate-* headers make the request another user's, when the requester may <c>impersonate</c>
/// each thing asked for — the user (or ServiceAccount), every group, every extra value and the uid.
/// One refusal is kube's 403 and the request goes no further.
/// </summary>
public sealed class Impersonation(RequestAuthorizer authorizer)
{
    public const string UserHeader = "Impersonate-User";
    public const string GroupHeader = "Impersonate-Group";
    public const string UidHeader = "Impersonate-Uid";
    public const string ExtraHeaderPrefix = "Impersonate-Extra-";
    private const string HeaderPrefix = "Impersonate-";

    private const string ServiceAccountPrefix = "system:serviceaccount:";
    private const string AuthenticationGroup = "authentication.k8s.io";

    /// <summary>The user the request acts as: <paramref name="requester"/> itself when it asks for no one else.</summary>
    public UserInfo Apply(HttpContext context, UserInfo requester)
    {
        var headers = context.Request.Headers;
        if (!AsksForAnyone(headers))
        {
            return requester;
        }
        var name = headers[UserHeader].ToString();
        var groups = headers[GroupHeader].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        var uid = headers[UidHeader].ToString();
        var extra = headers.Where(h => h.Key.StartsWith(ExtraHeaderPrefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => Uri.UnescapeDataString(h.Key[ExtraHeaderPrefix.Length..]).ToLowerInvariant(), h => (IReadOnlyList<string>)[.. h.Value.Select(v => v ?? "")]);
        if (name.Length == 0)
        {
            return groups.Count == 0 && uid.Length == 0 && extra.Count == 0
                ? requester
                : throw ApiException.BadRequest("impersonating groups, extra or a uid requires impersonating a user (Impersonate-User)");
        }

        foreach (var group in groups)
        {
            Require(requester, "", "groups", group);
        }
        if (name.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal) && name[ServiceAccountPrefix.Length..].Split(':') is [var ns, var account])
        {
            Require(requester, "", "serviceaccounts", account, ns);
            if (groups.Count == 0)
            {
                // A ServiceAccount's own groups come with it, as its token would give them.
                groups = ["system:serviceaccounts", $"system:serviceaccounts:{ns}"];
            }
        }
        else
        {
            Require(requester, "", "users", name);
        }
        foreach (var (key, values) in extra)
        {
            foreach (var value in values)
            {
                Require(requester, AuthenticationGroup, "userextras", value, subresource: key);
            }
        }
        if (uid.Length > 0)
        {
            Require(requester, AuthenticationGroup, "uids", uid);
        }

        return name == UserInfo.Anonymous
            ? new UserInfo(name, uid, [.. groups.Where(g => g != UserInfo.AllUnauthenticated), UserInfo.AllUnauthenticated], extra)
            : UserInfo.Authenticated(name, uid, groups, extra);
    }

    private void Require(UserInfo requester, string group, string resource, string name, string ns = "", string subresource = "") =>
        authorizer.Require(new RequestAttributes(requester, "impersonate", true, "", group, "", ns, resource, subresource, name));

    /// <summary>Whether any Impersonate-* header came: almost no request has one, and reading them all costs.</summary>
    private static bool AsksForAnyone(IHeaderDictionary headers)
    {
        foreach (var header in headers)
        {
            if (header.Key.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
