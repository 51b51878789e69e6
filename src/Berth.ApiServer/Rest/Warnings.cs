using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>Adds <c>Warning: 299 - "…"</c> headers (RFC 7234), which kubectl prints as "Warning: …".</summary>
public static class Warnings
{
    public static void Add(HttpContext context, IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{message.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"");
        }
    }
}
