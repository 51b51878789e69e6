using Berth.ApiServer.Objects;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// kube's WithAuditInit: every request gets an audit ID, the one the client sent in <c>Audit-Id</c> or a
/// new UUID, answered in the <c>Audit-Id</c> response header whether or not auditing is on, so a
/// client's log line and the server's audit event (when there is one) name the same request.
/// </summary>
public static class AuditId
{
    public const string Header = "Audit-Id";

    /// <summary>The request's audit ID, given on the first call and the same on every later one.</summary>
    public static string Assign(HttpContext context)
    {
        var id = context.Response.Headers[Header].ToString();
        if (id.Length > 0)
        {
            return id;
        }
        id = context.Request.Headers[Header].ToString();
        if (id.Length == 0)
        {
            id = RandomUuid.NewString();
        }
        context.Response.Headers[Header] = id;
        return id;
    }
}
