using System.Buffers.Binary;

namespace Berth.Agent.Streaming.Spdy;

/// <summary>
/// Reads SPDY/3 frames from a byte stream: an 8-byte header (control bit, version and type, or the
/// stream id; flags; a 24-bit length), then the payload, header blocks inflated in one context.
/// </summary>
internal sealed class SpdyFrameReader(Stream input) : IDisposable
{
    private readonly SpdyHeaderDecompressor _headers = new();
    private readonly byte[] _header = new byte[8];

    /// <summary>The next frame; null when the stream ended between frames.</summary>
    public async Task<SpdyFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        var read = await input.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }
        if (read < _header.Length)
        {
            throw new SpdyProtocolException("connection ended inside a frame header");
        }
        var flags = _header[4];
        var length = (int)(BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4)) & 0xffffff);
        var payload = new byte[length];
        try
        {
            await input.ReadExactlyAsync(payload, cancellationToken);
        }
        catch (EndOfStreamException e)
        {
            throw new SpdyProtocolException("connection ended inside a frame", e);
        }
        var fin = (flags & SpdyFrameType.FlagFin) != 0;
        if ((_header[0] & 0x80) == 0)
        {
            return new SpdyDataFrame(BinaryPrimitives.ReadUInt32BigEndian(_header) & SpdyFrameType.StreamIdMask, fin, payload);
        }
        var version = BinaryPrimitives.ReadUInt16BigEndian(_header) & 0x7fff;
        if (version != SpdyFrameType.Version)
        {
            throw new SpdyProtocolException($"unsupported SPDY version {version}");
        }
        return Control(BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(2)), fin, payload);
    }

    private SpdyFrame Control(ushort type, bool fin, byte[] payload)
    {
        var body = payload;
        uint Word(int offset) => body.Length >= offset + 4
            ? BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset))
            : throw new SpdyProtocolException($"control frame {type} too short ({body.Length} bytes)");
        return type switch
        {
            // Stream id, associated stream id, priority and slot, then the header block.
            SpdyFrameType.SynStream when body.Length >= 10 => new SpdySynStreamFrame(
                Word(0) & SpdyFrameType.StreamIdMask, Word(4) & SpdyFrameType.StreamIdMask, fin, _headers.Decompress(body.AsSpan(10))),
            SpdyFrameType.SynReply => new SpdySynReplyFrame(Word(0) & SpdyFrameType.StreamIdMask, fin, _headers.Decompress(body.AsSpan(4))),
            SpdyFrameType.Headers => new SpdyHeadersFrame(Word(0) & SpdyFrameType.StreamIdMask, fin, _headers.Decompress(body.AsSpan(4))),
            SpdyFrameType.SynStream => throw new SpdyProtocolException($"SYN_STREAM too short ({body.Length} bytes)"),
            SpdyFrameType.RstStream => new SpdyRstStreamFrame(Word(0) & SpdyFrameType.StreamIdMask, Word(4)),
            SpdyFrameType.Ping => new SpdyPingFrame(Word(0)),
            SpdyFrameType.GoAway => new SpdyGoAwayFrame(Word(0) & SpdyFrameType.StreamIdMask, body.Length >= 8 ? Word(4) : 0),
            _ => new SpdyIgnoredFrame(type),
        };
    }

    public void Dispose() => _headers.Dispose();
}
