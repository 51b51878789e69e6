using System.IO.Pipelines;

namespace Berth.Agent.Streaming.Spdy;

/// <summary>
/// One stream the peer opened: its headers, the bytes it sends (<see cref="Input"/>, completed by its
/// FIN, failed by a reset or the connection's end), and the way back. Neither side uses flow control
/// (kube's spdystream sends no WINDOW_UPDATE and ignores them).
/// </summary>
internal sealed class SpdyStream
{
    // DATA frames this size at most, so one large write does not hold the connection for long.
    private const int MaxDataFrame = 32 * 1024;

    private readonly SpdyConnection _connection;
    private readonly Pipe _input = new(new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false));
    private readonly CancellationTokenSource _reset = new();
    private int _writeClosed;

    public SpdyStream(SpdyConnection connection, uint id, IReadOnlyDictionary<string, string> headers)
    {
        _connection = connection;
        Id = id;
        Headers = headers;
    }

    public uint Id { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>What the peer sends on the stream.</summary>
    public PipeReader Input => _input.Reader;

    /// <summary>Fires when the stream was reset (by either side) or the connection ended.</summary>
    public CancellationToken Aborted => _reset.Token;

    /// <summary>The header's value; empty when the peer sent none.</summary>
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";

    public Task ReplyAsync(CancellationToken cancellationToken) =>
        _connection.WriteAsync(new SpdySynReplyFrame(Id, false, new Dictionary<string, string>()), cancellationToken);

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < data.Length; offset += MaxDataFrame)
        {
            var chunk = data.Slice(offset, Math.Min(MaxDataFrame, data.Length - offset));
            await _connection.WriteAsync(new SpdyDataFrame(Id, false, chunk.ToArray()), cancellationToken);
        }
    }

    /// <summary>Ends this side of the stream (an empty DATA frame with FIN); once only.</summary>
    public async Task CloseWriteAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _writeClosed, 1) == 0 && !_reset.IsCancellationRequested)
        {
            await _connection.WriteAsync(new SpdyDataFrame(Id, true, ReadOnlyMemory<byte>.Empty), cancellationToken);
        }
    }

    /// <summary>Resets the stream (RST_STREAM with <paramref name="status"/>): nothing more goes either way.</summary>
    public async Task ResetAsync(uint status, CancellationToken cancellationToken)
    {
        if (!_reset.IsCancellationRequested)
        {
            Abort();
            await _connection.WriteAsync(new SpdyRstStreamFrame(Id, status), cancellationToken);
        }
    }

    internal async Task ReceiveAsync(SpdyDataFrame frame, CancellationToken cancellationToken)
    {
        if (!frame.Data.IsEmpty)
        {
            await _input.Writer.WriteAsync(frame.Data, cancellationToken);
        }
        if (frame.Fin)
        {
            await _input.Writer.CompleteAsync();
        }
    }

    /// <summary>The peer reset the stream or the connection ended: readers see an end, writers stop.</summary>
    internal void Abort()
    {
        Interlocked.Exchange(ref _writeClosed, 1);
        _input.Writer.Complete(new OperationCanceledException("the stream was reset"));
        _reset.Cancel();
    }
}
