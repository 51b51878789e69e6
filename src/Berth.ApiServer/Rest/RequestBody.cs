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
        var buffer = new ArrayBufferWriter<byte>(4096);
        var stream = context.Request.Body;
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await stream.ReadAsync(memory, context.RequestAborted);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBytes)
            {
                await DrainAsync(stream, context.RequestAborted);
                throw TooLarge();
            }
        }
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
