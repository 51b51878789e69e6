using System.Globalization;
using Berth.Engine.Streams;

namespace Berth.DockerApi.Http;

/// <summary>
/// A request's body as a read-only stream: Content-Length bytes, or the chunks of
/// `Transfer-Encoding: chunked` (a build context tar streams this way), or nothing.
/// </summary>
internal sealed class RequestBodyStream : ForwardOnlyReadStream
{
    private readonly ConnectionReader _reader;
    private readonly bool _chunked;
    private long _remaining;
    private bool _done;
    private bool _started;

    public RequestBodyStream(ConnectionReader reader, HttpRequestHead head)
    {
        _reader = reader;
        if (head.Header("Transfer-Encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            _chunked = true;
        }
        else if (head.Header("Content-Length") is { } length)
        {
            if (!long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out _remaining))
            {
                throw new BadHttpRequestException($"invalid Content-Length \"{length}\"");
            }
            _done = _remaining == 0;
        }
        else
        {
            _done = true;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_done || buffer.Length == 0)
        {
            return 0;
        }
        if (_chunked && _remaining == 0 && !await NextChunkAsync(cancellationToken))
        {
            return 0;
        }
        var read = await _reader.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken);
        if (read == 0)
        {
            throw new BadHttpRequestException("the connection closed in the middle of the request body");
        }
        _remaining -= read;
        if (!_chunked && _remaining == 0)
        {
            _done = true;
        }
        return read;
    }

    /// <summary>Reads the rest of the body, so the connection is ready for the next request.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var scratch = new byte[8192];
        while (await ReadAsync(scratch, cancellationToken) > 0)
        {
        }
    }

    private async Task<bool> NextChunkAsync(CancellationToken cancellationToken)
    {
        if (_remaining == 0 && _started)
        {
            // The CRLF after the previous chunk's data.
            await _reader.ReadLineAsync(cancellationToken);
        }
        _started = true;
        var line = await _reader.ReadLineAsync(cancellationToken) ?? throw new BadHttpRequestException("the connection closed before the next chunk");
        var size = line.Split(';', 2)[0].Trim();
        if (!long.TryParse(size, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _remaining))
        {
            throw new BadHttpRequestException($"invalid chunk size \"{size}\"");
        }
        if (_remaining > 0)
        {
            return true;
        }
        // The last chunk: skip trailers up to the empty line.
        while (!string.IsNullOrEmpty(await _reader.ReadLineAsync(cancellationToken)))
        {
        }
        _done = true;
        return false;
    }
}
