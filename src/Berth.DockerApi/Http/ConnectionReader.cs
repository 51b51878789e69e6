using System.Text;

namespace Berth.DockerApi.Http;

/// <summary>
/// Buffered reads from a connection: header lines, then raw bytes that come from the buffer first (the
/// start of a body or of a hijacked stream may have arrived with the headers).
/// </summary>
internal sealed class ConnectionReader(Stream stream)
{
    private const int MaxLineBytes = 16 * 1024;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>One line without its CRLF (or LF); null at end of stream before any byte of it.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return line.Count == 0 ? null : throw new BadHttpRequestException("the connection closed in the middle of a line");
            }
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var take = newline >= 0 ? newline - _start : _end - _start;
            line.AddRange(_buffer.AsSpan(_start, take));
            _start += take;
            if (line.Count > MaxLineBytes)
            {
                throw new BadHttpRequestException("header line too long");
            }
            if (newline >= 0)
            {
                _start++;
                if (line.Count > 0 && line[^1] == '\r')
                {
                    line.RemoveAt(line.Count - 1);
                }
                return Encoding.Latin1.GetString([.. line]);
            }
        }
    }

    /// <summary>Up to <paramref name="destination"/>'s length bytes; 0 at end of stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_start < _end)
        {
            var count = Math.Min(destination.Length, _end - _start);
            _buffer.AsMemory(_start, count).CopyTo(destination);
            _start += count;
            return count;
        }
        return await stream.ReadAsync(destination, cancellationToken);
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }
}
