using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Berth.ApiServer.Hosting;

/// <summary>The server's end of an <see cref="InProcessTransport"/> connection, as Kestrel sees it.</summary>
internal sealed class InProcessConnection : ConnectionContext
{
    private static long s_lastId;

    private readonly CancellationTokenSource _closed = new();

    public InProcessConnection(IDuplexPipe transport)
    {
        Transport = transport;
        ConnectionClosed = _closed.Token;
        ConnectionId = $"in-process-{Interlocked.Increment(ref s_lastId)}";
    }

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    /// <summary>The client closed its end: the requests it had open are aborted, as when a socket's peer goes away.</summary>
    public void PeerClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The server had closed the connection first.
        }
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        // The client reads the reason as the stream's error; whatever it still writes is dropped.
        Transport.Output.Complete(abortReason);
        Transport.Input.Complete();
        PeerClosed();
    }

    public override ValueTask DisposeAsync()
    {
        Transport.Output.Complete();
        Transport.Input.Complete();
        _closed.Dispose();
        return ValueTask.CompletedTask;
    }
}
