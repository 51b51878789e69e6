using System.Buffers;
using System.Globalization;
using System.Text;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// kube's <c>--audit-log-format legacy</c> line (apiserver/pkg/audit EventString after an RFC 3339
/// timestamp): <c>2026-12-06T03:57:09.106841Z AUDIT: id="..." stage="ResponseComplete" ip="127.0.0.1"
/// method="get" user="admin" groups="\"system:masters\",\"system:authenticated\"" as="&lt;self&gt;"
/// asgroups="&lt;lookup&gt;" user-agent="..." namespace="default" uri="/api/v1/..." response="200"</c>, values quoted as Go's %q.
/// </summary>
public static class AuditEventLegacy
{
    public static void Write(AuditEvent e, IBufferWriter<byte> output)
    {
        var username = e.User.Name.Length > 0 ? e.User.Name : "<none>";
        var groups = e.User.Name.Length > 0 && e.User.Groups.Count > 0 ? QuotedList(e.User.Groups) : "<none>";
        var asUser = e.ImpersonatedUser?.Name ?? "<self>";
        var asGroups = e.ImpersonatedUser is { } impersonated ? QuotedList(impersonated.Groups) : "<lookup>";
        var ns = e.ObjectRef is { Namespace.Length: > 0 } objectRef ? objectRef.Namespace : "<none>";
        var response = e.ResponseStatus is { } status ? status.Code.ToString(CultureInfo.InvariantCulture) : "<deferred>";
        var ip = e.SourceIps.Count > 0 ? e.SourceIps[0] : "<unknown>";
        var line = new StringBuilder()
            .Append(e.RequestReceivedTimestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture))
            .Append(" AUDIT: id=").Append(Quote(e.AuditId))
            .Append(" stage=").Append(Quote(e.Stage.ToString()))
            .Append(" ip=").Append(Quote(ip))
            .Append(" method=").Append(Quote(e.Verb))
            .Append(" user=").Append(Quote(username))
            .Append(" groups=").Append(Quote(groups))
            .Append(" as=").Append(Quote(asUser))
            .Append(" asgroups=").Append(Quote(asGroups))
            .Append(" user-agent=").Append(Quote(e.UserAgent ?? ""))
            .Append(" namespace=").Append(Quote(ns))
            .Append(" uri=").Append(Quote(e.RequestUri))
            .Append(" response=\"").Append(response).Append("\"\n");
        Encoding.UTF8.GetBytes(line.ToString(), output);
    }

    private static string QuotedList(IEnumerable<string> items) => string.Join(",", items.Select(Quote));

    /// <summary>Go's %q: double quotes, with backslash escapes for quotes, backslashes and control characters.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}
