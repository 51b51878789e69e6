using System.Buffers.Binary;

namespace Berth.Agent.Streaming.Spdy;

/// <summary>
/// Writes SPDY/3 frames to a byte stream, one whole frame at a time (streams write from several
/// tasks at once), header blocks compressed in one context.
/// </summary>
internal sealed class SpdyFrameWriter(Stream output) : IDisposable
{
    private readonly SpdyHeaderCompressor _headers = new();
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task WriteAsync(SpdyFrame frame, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            // Serialised under the lock: header blocks must reach the wire in the order they were compressed.
            var bytes = Serialize(frame);
            await output.WriteAsync(bytes, cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private byte[] Serialize(SpdyFrame frame) => frame switch
    {
        SpdyDataFrame data => Data(data),
        SpdySynStreamFrame syn => Control(SpdyFrameType.SynStream, syn.Fin, [.. Word(syn.StreamId), .. Word(syn.AssociatedStreamId), 0, 0, .. _headers.Compress(syn.Headers)]),
        SpdySynReplyFrame reply => Control(SpdyFrameType.SynReply, reply.Fin, [.. Word(reply.StreamId), .. _headers.Compress(reply.Headers)]),
        SpdyHeadersFrame headers => Control(SpdyFrameType.Headers, headers.Fin, [.. Word(headers.StreamId), .. _headers.Compress(headers.Headers)]),
        SpdyRstStreamFrame reset => Control(SpdyFrameType.RstStream, false, [.. Word(reset.StreamId), .. Word(reset.Status)]),
        SpdyPingFrame ping => Control(SpdyFrameType.Ping, false, Word(ping.Id)),
        SpdyGoAwayFrame goAway => Control(SpdyFrameType.GoAway, false, [.. Word(goAway.LastGoodStreamId), .. Word(goAway.Status)]),
        _ => throw new ArgumentException($"cannot write {frame.GetType().Name}", nameof(frame)),
    };

    private static byte[] Data(SpdyDataFrame data)
    {
        var bytes = new byte[8 + data.Data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, data.StreamId & SpdyFrameType.StreamIdMask);
        WriteFlagsAndLength(bytes, data.Fin, data.Data.Length);
        data.Data.Span.CopyTo(bytes.AsSpan(8));
        return bytes;
    }

    private static byte[] Control(ushort type, bool fin, byte[] payload)
    {
        var bytes = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, 0x8000 | SpdyFrameType.Version);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), type);
        WriteFlagsAndLength(bytes, fin, payload.Length);
        payload.CopyTo(bytes, 8);
        return bytes;
    }

    private static void WriteFlagsAndLength(byte[] frame, bool fin, int length)
    {
        if (length > SpdyFrameType.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "a SPDY frame holds at most 16 MiB");
        }
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)length);
        frame[4] = fin ? SpdyFrameType.FlagFin : (byte)0;
    }

    private static byte[] Word(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public void Dispose()
    {
        _headers.Dispose();
        _lock.Dispose();
    }
}
