using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Http;

/// <summary>Writes JSON bodies: nodes, or bytes already serialized (as the watch cache keeps them).</summary>
public static class JsonResponse
{
    public const string ContentType = "application/json";

    /// <summary>How much a streamed response (a list, a watch) writes between flushes: each flush of a chunked response is one chunk.</summary>
    public const int StreamFlushBytes = 64 * 1024;

    public static async Task WriteAsync(HttpContext context, JsonNode body, int statusCode = 200, string contentType = ContentType)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        if (Auditing.AuditRecorder.Of(context) is { WantsResponse: true } audit)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body, Objects.ObjectJsonContext.Default.JsonNode);
            audit.LogResponseBody(bytes);
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            return;
        }
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter.AsStream());
        body.WriteTo(writer);
        await writer.FlushAsync(context.RequestAborted);
    }

    public static async Task WriteBytesAsync(HttpContext context, ReadOnlyMemory<byte> body, int statusCode = 200)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = ContentType;
        context.Response.ContentLength = body.Length;
        Auditing.AuditRecorder.Of(context)?.LogResponseBody(body);
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
