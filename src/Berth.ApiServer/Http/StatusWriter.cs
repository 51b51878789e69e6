using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Http;

/// <summary>Writes <c>meta.k8s.io/v1 Status</c> objects, the body of every error the API returns.</summary>
public static class StatusWriter
{
    public static JsonObject Failure(ApiException error)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = error.Message,
            ["reason"] = error.Reason,
        };
        if (error.Details is not null)
        {
            status["details"] = error.Details.DeepClone();
        }
        status["code"] = error.Code;
        return status;
    }

    public static JsonObject Success(string group, string kind, string name, string uid) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject
        {
            ["name"] = name,
            ["group"] = group,
            ["kind"] = kind,
            ["uid"] = uid,
        },
    };

    public static async Task WriteAsync(HttpContext context, ApiException error)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        Auditing.AuditRecorder.Of(context)?.Failed(error);
        context.Response.StatusCode = error.Code;
        await JsonResponse.WriteAsync(context, Failure(error), error.Code);
    }
}
