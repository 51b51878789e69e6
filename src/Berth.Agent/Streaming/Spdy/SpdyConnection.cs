using System.Collections.Concurrent;

namespace Berth.Agent.Streaming.Spdy;

/// <summary>
/// The server end of a SPDY/3.1 connection over a byte stream, as kube's kubelet holds one for
/// port-forward: the client opens streams (odd ids, rising), which are handed to
/// <c>onStream</c> to reply to or refuse; data is routed to its stream; pings are answered; a GOAWAY,
/// the end of the byte stream or a protocol error ends it, and with it every stream.
/// </summary>
internal sealed class SpdyConnection : IDisposable
{
    private readonly SpdyFrameReader _reader;
    private readonly SpdyFrameWriter _writer;
    private readonly ConcurrentDictionary<uint, SpdyStream> _streams = new();
    private uint _lastStreamId;

    public SpdyConnection(Stream transport)
    {
        _reader = new SpdyFrameReader(transport);
        _writer = new SpdyFrameWriter(transport);
    }

    /// <summary>Serves frames until the connection ends; <paramref name="onStream"/> runs on the reading task, so it must not block.</summary>
    public async Task RunAsync(Action<SpdyStream> onStream, CancellationToken cancellationToken)
    {
        try
        {
            while (await _reader.ReadAsync(cancellationToken) is { } frame)
            {
                if (frame is SpdyGoAwayFrame)
                {
                    return;
                }
                await HandleAsync(frame, onStream, cancellationToken);
            }
        }
        catch (SpdyProtocolException)
        {
            await TryWriteAsync(new SpdyGoAwayFrame(_lastStreamId, SpdyGoAwayFrame.ProtocolError));
            throw;
        }
        finally
        {
            foreach (var stream in _streams.Values)
            {
                stream.Abort();
            }
            _streams.Clear();
        }
    }

    internal Task WriteAsync(SpdyFrame frame, CancellationToken cancellationToken) => _writer.WriteAsync(frame, cancellationToken);

    private async Task HandleAsync(SpdyFrame frame, Action<SpdyStream> onStream, CancellationToken cancellationToken)
    {
        switch (frame)
        {
            case SpdySynStreamFrame syn:
                // Client streams are odd and rise; anything else is refused as spdystream does.
                if (syn.StreamId % 2 == 0 || syn.StreamId <= _lastStreamId)
                {
                    await WriteAsync(new SpdyRstStreamFrame(syn.StreamId, SpdyRstStreamFrame.ProtocolError), cancellationToken);
                    return;
                }
                _lastStreamId = syn.StreamId;
                var stream = new SpdyStream(this, syn.StreamId, syn.Headers);
                _streams[syn.StreamId] = stream;
                if (syn.Fin)
                {
                    await stream.ReceiveAsync(new SpdyDataFrame(syn.StreamId, true, ReadOnlyMemory<byte>.Empty), cancellationToken);
                }
                onStream(stream);
                return;
            case SpdyDataFrame data when _streams.TryGetValue(data.StreamId, out var target):
                await target.ReceiveAsync(data, cancellationToken);
                return;
            case SpdyRstStreamFrame reset when _streams.TryRemove(reset.StreamId, out var target):
                target.Abort();
                return;
            case SpdyPingFrame ping when ping.Id % 2 == 1:
                await WriteAsync(ping, cancellationToken);
                return;
            default:
                // Data for a stream already gone, our own pings' answers, SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do.
                return;
        }
    }

    /// <summary>Forgets a stream both sides are done with.</summary>
    public void Remove(SpdyStream stream) => _streams.TryRemove(stream.Id, out _);

    private async Task TryWriteAsync(SpdyFrame frame)
    {
        try
        {
            await _writer.WriteAsync(frame, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            // The transport is gone as well.
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _writer.Dispose();
    }
}
