using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.ApiServer.Conversion;
using Berth.ApiServer.Http;
using Berth.ApiServer.Objects;
using Berth.ApiServer.Registry;
using Berth.ApiServer.Resources;
using Berth.ApiServer.Tables;
using Berth.ApiServer.Watch;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>
/// Writes objects and lists as the client asked: JSON, or a meta.k8s.io/v1 Table when the Accept
/// header says <c>as=Table</c> (kubectl get), with columns from ../Tables.
/// </summary>
public sealed class ObjectResponder(TableBuilder tables)
{
    private static readonly byte[] Comma = ","u8.ToArray();
    private static readonly byte[] Close = "]}"u8.ToArray();

    public static bool WantsTable(HttpContext context) =>
        context.Request.Headers.Accept.Any(a => a is not null && a.Contains("as=Table", StringComparison.Ordinal));

    public Task WriteObjectAsync(HttpContext context, ResourceDefinition resource, JsonObject obj, int statusCode = 200)
    {
        if (!WantsTable(context))
        {
            // Serialized whole, the response gets a Content-Length instead of chunked framing.
            return JsonResponse.WriteBytesAsync(context, JsonSerializer.SerializeToUtf8Bytes(obj, ObjectJsonContext.Default.JsonObject), statusCode);
        }
        var table = Table(context, resource, [obj], ObjectMetadata.Get(obj, "resourceVersion"), null, omitColumns: false);
        return JsonResponse.WriteAsync(context, table, statusCode, TableBuilder.ContentType);
    }

    /// <summary>A list straight from cached bytes: <c>{"kind":"PodList",…,"items":[…]}</c>, or its Table.</summary>
    public async Task WriteListAsync(HttpContext context, ResourceDefinition resource, ListPage page)
    {
        if (WantsTable(context))
        {
            var objects = page.Items.Select(i => ObjectCodec.ParseObject(StoredJson.As(resource, i.Json))).ToList();
            var table = Table(context, resource, objects, page.Revision.ToString(), page.Continue, omitColumns: false);
            await JsonResponse.WriteAsync(context, table, 200, TableBuilder.ContentType);
            return;
        }
        var metadata = new JsonObject { ["resourceVersion"] = page.Revision.ToString() };
        if (page.Continue is not null)
        {
            metadata["continue"] = page.Continue;
        }
        var header = Encoding.UTF8.GetBytes($"{{\"kind\":\"{resource.ListKind}\",\"apiVersion\":\"{resource.GroupVersion}\",\"metadata\":{metadata.ToJsonString()},\"items\":[");
        context.Response.StatusCode = 200;
        context.Response.ContentType = JsonResponse.ContentType;
        if (Auditing.AuditRecorder.Of(context) is { WantsResponse: true } audit)
        {
            // The audit log keeps the whole list: it is assembled once, logged and sent.
            var whole = new ArrayBufferWriter<byte>();
            whole.Write(header);
            for (var i = 0; i < page.Items.Count; i++)
            {
                if (i > 0)
                {
                    whole.Write(Comma);
                }
                WriteItem(whole, resource, page.Items[i]);
            }
            whole.Write(Close);
            audit.LogResponseBody(whole.WrittenMemory);
            await JsonResponse.WriteBytesAsync(context, whole.WrittenMemory);
            return;
        }
        // Flushed every StreamFlushBytes, not per item: each flush of a chunked response is a chunk of its own.
        // Started first: Kestrel's body writer hands out buffers only once the response has started.
        await context.Response.StartAsync(context.RequestAborted);
        var body = context.Response.BodyWriter;
        body.Write(header);
        var unflushed = header.Length;
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0)
            {
                body.Write(Comma);
            }
            unflushed += WriteItem(body, resource, page.Items[i]);
            if (unflushed >= JsonResponse.StreamFlushBytes)
            {
                await body.FlushAsync(context.RequestAborted);
                unflushed = 0;
            }
        }
        body.Write(Close);
        await body.FlushAsync(context.RequestAborted);
    }

    /// <summary>One item of a list as the resource serves it: converted, or the cached bytes spliced as they go out.</summary>
    private static int WriteItem(IBufferWriter<byte> writer, ResourceDefinition resource, CachedObject item)
    {
        if (resource.Conversion is null)
        {
            return item.WriteTo(writer);
        }
        var converted = StoredJson.As(resource, item.Json);
        writer.Write(converted);
        return converted.Length;
    }

    /// <summary>A one-row Table for a watch event (column definitions only on the first).</summary>
    public byte[] WatchRow(HttpContext context, ResourceDefinition resource, byte[] objectJson, bool first) =>
        Encoding.UTF8.GetBytes(Table(context, resource, [ObjectCodec.ParseObject(StoredJson.As(resource, objectJson))], null, null, omitColumns: !first).ToJsonString());

    /// <summary>The includeObject query parameter of a Table request (400 when it is not None, Metadata or Object).</summary>
    public static IncludeObjectPolicy IncludeObject(HttpContext context) =>
        TableOptions.ParseIncludeObject(context.Request.Query["includeObject"].ToString())
            ?? throw ApiException.BadRequest($"includeObject: Unsupported value: \"{context.Request.Query["includeObject"]}\": supported values: \"None\", \"Metadata\", \"Object\"");

    private JsonObject Table(HttpContext context, ResourceDefinition resource, IEnumerable<JsonObject> objects, string? resourceVersion, string? continueToken, bool omitColumns)
    {
        return tables.Build(resource.Group, resource.Name, objects, new TableOptions
        {
            IncludeObject = IncludeObject(context),
            ResourceVersion = resourceVersion,
            Continue = continueToken,
            OmitColumnDefinitions = omitColumns,
        });
    }
}
