using System.Buffers;
using Berth.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Berth.ApiServer.Rest;

/// <summary>Reads a request body up to the 3 MiB Kubernetes allows; more is a 413.</summary>
public static class RequestBody
{
    public const int MaxBytes = 3 * 1024 * 1024;

    /// <summary>Bodies up to this size are read to the end before the 413, so the client sees the answer instead of a reset.</summary>
    public const int MaxDrainedBytes = 64 * 1024 * 1024;

    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext context)
    {
        var stream = context.Request.Body;
        if (context.Request.ContentLength is { } length and <= MaxBytes)
        {
            // The usual case: one array of the announced size, not a growing 16 KiB+ buffer per request.
            var body = new byte[length];
            var filled = 0;
            int read;
            while (filled < body.Length && (read = await stream.ReadAsync(body.AsMemory(filled), context.RequestAborted)) > 0)
            {
                filled += read;
            }
            return Audited(context, body.AsMemory(0, filled));
        }
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var count = await stream.ReadAsync(memory, context.RequestAborted);
            if (count == 0)
            {
                return Audited(context, buffer.WrittenMemory);
            }
            buffer.Advance(count);
            if (buffer.WrittenCount > MaxBytes)
            {
                await DrainAsync(stream, context.RequestAborted);
                throw TooLarge();
            }
        }
    }

    /// <summary>The body, handed to the request's audit recorder when it is audited (kube logs what was sent).</summary>
    private static ReadOnlyMemory<byte> Audited(HttpContext context, ReadOnlyMemory<byte> body)
    {
        Auditing.AuditRecorder.Of(context)?.LogRequestBody(body, MediaType(context));
        return body;
    }

    private static async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var scratch = new byte[64 * 1024];
        while (await stream.ReadAsync(scratch, cancellationToken) > 0)
        {
        }
    }

    /// <summary>The media type without parameters, lower case ("application/json").</summary>
    public static string MediaType(HttpContext context)
    {
        var contentType = context.Request.ContentType ?? "";
        var semicolon = contentType.IndexOf(';');
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    private static ApiException TooLarge() => ApiException.TooLarge($"the request body is larger than the {MaxBytes} bytes allowed");
}
