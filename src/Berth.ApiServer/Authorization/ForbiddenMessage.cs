using System.Text.Json.Nodes;
using Berth.ApiServer.Http;

namespace Berth.ApiServer.Authorization;

/// <summary>
/// The 403 Status for a refused request, worded as kube-apiserver's (responsewriters.forbiddenMessage):
/// <c>pods is forbidden: User "u" cannot list resource "pods" in API group "" in the namespace "prod"</c>.
/// The authorizers' reason, when there is one, follows a colon (responsewriters.Forbidden).
/// </summary>
public static class ForbiddenMessage
{
    public static ApiException For(RequestAttributes a, string reason = "")
    {
        var who = $"User \"{a.User.Name}\"";
        var why = reason.Length > 0 ? $": {reason}" : "";
        if (!a.IsResourceRequest)
        {
            return new ApiException(403, "Forbidden", $"forbidden: {who} cannot {a.Verb} path \"{a.Path}\"{why}");
        }
        var resource = a.Subresource.Length > 0 ? $"{a.Resource}/{a.Subresource}" : a.Resource;
        var scope = a.Namespace.Length > 0 ? $"in the namespace \"{a.Namespace}\"" : "at the cluster scope";
        var qualified = a.ApiGroup.Length > 0 ? $"{a.Resource}.{a.ApiGroup}" : a.Resource;
        var subject = a.Name.Length > 0 ? $"{qualified} \"{a.Name}\"" : qualified;
        var details = new JsonObject();
        if (a.Name.Length > 0)
        {
            details["name"] = a.Name;
        }
        if (a.ApiGroup.Length > 0)
        {
            details["group"] = a.ApiGroup;
        }
        details["kind"] = a.Resource;
        return new ApiException(403, "Forbidden", $"{subject} is forbidden: {who} cannot {a.Verb} resource \"{resource}\" in API group \"{a.ApiGroup}\" {scope}{why}", details);
    }
}
