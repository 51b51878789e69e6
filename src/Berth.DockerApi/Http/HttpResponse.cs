using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.DockerApi.Http;

/// <summary>
/// Writes one response: a whole body, a chunked stream (pull progress, logs, wait), or a hijacked
/// connection (attach, exec) that the handler then owns as a raw duplex stream.
/// </summary>
public sealed class HttpResponse
{
    private readonly Stream _stream;
    private readonly HttpRequestHead _request;
    private readonly ConnectionReader _reader;

    internal HttpResponse(Stream stream, HttpRequestHead request, ConnectionReader reader)
    {
        _stream = stream;
        _request = request;
        _reader = reader;
    }

    /// <summary>Headers to send with the status line (besides Content-Type/Length, set by the write methods).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Started { get; private set; }

    /// <summary>True once the connection belongs to the handler: it is not read for another request.</summary>
    public bool Hijacked { get; private set; }

    public async Task WriteAsync(int status, string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        Headers["Content-Type"] = contentType;
        Headers["Content-Length"] = body.Length.ToString(CultureInfo.InvariantCulture);
        await WriteHeadAsync(status, cancellationToken);
        if (_request.Method != "HEAD")
        {
            await _stream.WriteAsync(body, cancellationToken);
        }
        await _stream.FlushAsync(cancellationToken);
    }

    public Task WriteJsonAsync(int status, JsonNode? body, CancellationToken cancellationToken) =>
        WriteAsync(status, "application/json", Encoding.UTF8.GetBytes((body?.ToJsonString() ?? "null") + "\n"), cancellationToken);

    public Task WriteTextAsync(int status, string text, CancellationToken cancellationToken) =>
        WriteAsync(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>A status without a body (204 No Content, 304 Not Modified, 201 without a reply).</summary>
    public async Task WriteStatusAsync(int status, CancellationToken cancellationToken)
    {
        if (status is not (204 or 304))
        {
            Headers["Content-Length"] = "0";
        }
        await WriteHeadAsync(status, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>Sends the head now and returns a stream whose writes go out as chunks at once; dispose it to end the body.</summary>
    public async Task<Stream> StartChunkedAsync(int status, string contentType, CancellationToken cancellationToken)
    {
        Headers["Content-Type"] = contentType;
        Headers["Transfer-Encoding"] = "chunked";
        await WriteHeadAsync(status, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
        return new ChunkedWriteStream(_stream);
    }

    /// <summary>
    /// Takes over the connection: 101 Switching Protocols when the client asked to upgrade (the docker
    /// CLI, Docker.DotNet), else 200 with the raw stream after the head (as dockerd answers plain
    /// requests). Returns the connection as a duplex stream; the server closes it when the handler returns.
    /// </summary>
    public async Task<Stream> HijackAsync(string contentType, CancellationToken cancellationToken)
    {
        Headers["Content-Type"] = contentType;
        var status = 200;
        if (_request.WantsUpgrade)
        {
            status = 101;
            Headers["Connection"] = "Upgrade";
            Headers["Upgrade"] = _request.Header("Upgrade") ?? "tcp";
        }
        await WriteHeadAsync(status, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
        Hijacked = true;
        return new HijackedStream(_reader, _stream);
    }

    private async Task WriteHeadAsync(int status, CancellationToken cancellationToken)
    {
        if (Started)
        {
            throw new InvalidOperationException("the response has started already");
        }
        Started = true;
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrases.For(status)}\r\n");
        head.Append("Server: Berth\r\n");
        foreach (var (name, value) in Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }
        head.Append("\r\n");
        await _stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), cancellationToken);
    }
}
