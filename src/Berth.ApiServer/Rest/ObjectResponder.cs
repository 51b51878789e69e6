using System.Text;
using System.Text.Json.Nodes;
using Berth.ApiServer.Http;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>Writes objects and lists in the representation the client asked for.</summary>
public sealed class ObjectResponder
{
    public Task WriteObjectAsync(HttpContext context, ResourceDefinition resource, JsonObject obj, int statusCode = 200) =>
        JsonResponse.WriteAsync(context, obj, statusCode);

    /// <summary>A list straight from cached bytes: <c>{"kind":"PodList",…,"items":[…]}</c>.</summary>
    public async Task WriteListAsync(HttpContext context, ResourceDefinition resource, ListPage page)
    {
        var metadata = new JsonObject { ["resourceVersion"] = page.Revision.ToString() };
        if (page.Continue is not null)
        {
            metadata["continue"] = page.Continue;
        }
        var header = Encoding.UTF8.GetBytes($"{{\"kind\":\"{resource.ListKind}\",\"apiVersion\":\"{resource.GroupVersion}\",\"metadata\":{metadata.ToJsonString()},\"items\":[");
        context.Response.StatusCode = 200;
        context.Response.ContentType = JsonResponse.ContentType;
        var body = context.Response.BodyWriter;
        await body.WriteAsync(header, context.RequestAborted);
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0)
            {
                await body.WriteAsync(Comma, context.RequestAborted);
            }
            await body.WriteAsync(page.Items[i].Json, context.RequestAborted);
        }
        await body.WriteAsync(Close, context.RequestAborted);
    }

    private static readonly byte[] Comma = ","u8.ToArray();
    private static readonly byte[] Close = "]}"u8.ToArray();
}
