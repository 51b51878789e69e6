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

    /// <summary>Raised when Kestrel aborts the connection, with the reason: the client's end fails from then on.</summary>
    public event Action<Exception>? Aborted;

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

    /// <summary>
    /// Kestrel gives up on the connection (its shutdown timeout, a protocol error, a handler's HttpContext.Abort): the
    /// client's reads and writes fail, Kestrel's pending read wakes and its requests are aborted, as when a socket is
    /// reset. Kestrel completes its own ends of the pipes as it finishes.
    /// </summary>
    public override void Abort(ConnectionAbortedException abortReason)
    {
        Aborted?.Invoke(abortReason);
        PeerClosed();
        Transport.Input.CancelPendingRead();
    }

    /// <summary>Kestrel is done with the connection; its ends of the pipes are completed in case it had not (the client then reads the end).</summary>
    public override ValueTask DisposeAsync()
    {
        Transport.Input.Complete();
        Transport.Output.Complete();
        _closed.Dispose();
        return ValueTask.CompletedTask;
    }
}
