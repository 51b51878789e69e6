using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace Berth.ApiServer.Hosting;

/// <summary>
/// The Kestrel transport of the components inside <c>berth server</c>: a connection is a pair of in-memory pipes that carry
/// the bytes of HTTP/1.1 a socket would carry, so those components keep the API's whole semantics (each request through
/// authentication, admission and the store; watches; conflicts) while skipping the socket's system calls, which cost
/// microseconds each on a virtual machine (a scheduler's bind and its event took ten of them).
/// </summary>
public sealed class InProcessTransport : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private static readonly PipeOptions Options = new(readerScheduler: PipeScheduler.ThreadPool, writerScheduler: PipeScheduler.ThreadPool, useSynchronizationContext: false);

    private Listener? _listener;

    /// <summary>The endpoint Kestrel listens on for this transport.</summary>
    public EndPoint EndPoint { get; } = new InProcessEndPoint();

    public bool CanBind(EndPoint endpoint) => endpoint is InProcessEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var listener = new Listener(endpoint);
        if (Interlocked.CompareExchange(ref _listener, listener, null) is not null)
        {
            throw new InvalidOperationException("The in-process transport is bound already.");
        }
        return ValueTask.FromResult<IConnectionListener>(listener);
    }

    /// <summary>A new connection to the server: the client's end as a stream (an HTTP client's ConnectCallback).</summary>
    public ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var toServer = new Pipe(Options);
        var toClient = new Pipe(Options);
        var connection = new InProcessConnection(new DuplexPipe(toServer.Reader, toClient.Writer));
        var client = new ClientStream(toClient.Reader, toServer.Writer, connection);
        connection.Aborted += client.Abort;
        if (_listener is not { } listener || !listener.Offer(connection))
        {
            throw new IOException("The API server is not accepting in-process connections.");
        }
        return ValueTask.FromResult<Stream>(client);
    }

    private sealed class InProcessEndPoint : EndPoint
    {
        public override string ToString() => "in-process";
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private sealed class Listener(EndPoint endpoint) : IConnectionListener
    {
        private readonly Channel<ConnectionContext> _pending = Channel.CreateUnbounded<ConnectionContext>(new() { SingleReader = true });

        public EndPoint EndPoint => endpoint;

        public bool Offer(ConnectionContext connection) => _pending.Writer.TryWrite(connection);

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await _pending.Reader.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException)
            {
                return null;
            }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            _pending.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => UnbindAsync();
    }

    /// <summary>
    /// The client's end: reads what the server wrote, writes what the server reads. Closing it tells the server the
    /// peer is gone (ConnectionClosed), as a socket's end of stream would, so a watch it held ends server-side; the
    /// server aborting the connection fails its reads and writes, as a reset socket's.
    /// </summary>
    private sealed class ClientStream(PipeReader input, PipeWriter output, InProcessConnection connection) : Stream
    {
        private readonly Stream _input = input.AsStream();
        private readonly Stream _output = output.AsStream();
        private volatile Exception? _aborted;

        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        /// <summary>The server aborted the connection: a read waiting now, and every later read or write, fails.</summary>
        public void Abort(Exception reason)
        {
            _aborted = reason;
            input.CancelPendingRead();
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ThrowIfAborted();
            try
            {
                return await _input.ReadAsync(buffer, cancellationToken);
            }
            catch (OperationCanceledException) when (_aborted is not null && !cancellationToken.IsCancellationRequested)
            {
                // The server's abort canceled the pending read.
                ThrowIfAborted();
                throw;
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ThrowIfAborted();
            return _output.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => _output.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
                _output.Dispose();
                connection.PeerClosed();
            }
            base.Dispose(disposing);
        }

        private void ThrowIfAborted()
        {
            if (_aborted is { } reason)
            {
                throw new IOException("The API server aborted the connection.", reason);
            }
        }
    }
}
