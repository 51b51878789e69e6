using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// kube's buffered backend (<c>--audit-*-mode batch</c>): requests hand events to a bounded buffer and
/// never wait; one writer task takes them out in batches of at most <see cref="AuditBatchOptions.MaxSize"/>,
/// waiting up to <see cref="AuditBatchOptions.MaxWait"/> after the first event for a batch to fill (zero:
/// what is there is the batch), and hands each batch to the writer. A full buffer drops the event and
/// counts it (one warning at the first drop, then the total after each batch). Disposing drains and
/// writes what is queued.
/// </summary>
public sealed partial class BufferedAuditBackend : IAuditBackend
{
    private readonly Channel<AuditEvent> _events;
    private readonly IAuditBatchWriter _writer;
    private readonly AuditBatchOptions _batch;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _writing;
    private long _dropped;
    private long _droppedReported;

    public BufferedAuditBackend(IAuditBatchWriter writer, AuditBatchOptions batch, TimeProvider time, ILogger logger)
    {
        _writer = writer;
        _batch = batch;
        _time = time;
        _logger = logger;
        _events = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(batch.BufferSize)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _writing = Task.Run(WriteAllAsync);
    }

    /// <summary>Events dropped because the buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues the event; drops it when the buffer is full (never blocks).</summary>
    public void ProcessEvent(AuditEvent e)
    {
        if (_events.Writer.TryWrite(e))
        {
            return;
        }
        if (Interlocked.Increment(ref _dropped) == 1)
        {
            LogFirstDrop(_logger, e.AuditId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _writing;
        _writer.Dispose();
    }

    private async Task WriteAllAsync()
    {
        var reader = _events.Reader;
        var batch = new List<AuditEvent>(Math.Min(_batch.MaxSize, 1024));
        while (await reader.WaitToReadAsync())
        {
            await FillAsync(reader, batch);
            _writer.Write(batch);
            batch.Clear();
            var dropped = Dropped;
            if (dropped != _droppedReported)
            {
                LogDropped(_logger, dropped - _droppedReported, dropped);
                _droppedReported = dropped;
            }
        }
    }

    /// <summary>Takes events until the batch is full, or the wait after the first is over, or the buffer completes.</summary>
    private async Task FillAsync(ChannelReader<AuditEvent> reader, List<AuditEvent> batch)
    {
        TakeAvailable(reader, batch);
        if (_batch.MaxWait <= TimeSpan.Zero || batch.Count >= _batch.MaxSize)
        {
            return;
        }
        using var deadline = new CancellationTokenSource(_batch.MaxWait, _time);
        try
        {
            while (batch.Count < _batch.MaxSize && await reader.WaitToReadAsync(deadline.Token))
            {
                TakeAvailable(reader, batch);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The batch waited long enough: it goes out as it is.
        }
    }

    private void TakeAvailable(ChannelReader<AuditEvent> reader, List<AuditEvent> batch)
    {
        while (batch.Count < _batch.MaxSize && reader.TryRead(out var e))
        {
            batch.Add(e);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The audit buffer is full: dropping event {AuditId} and any more until it drains")]
    private static partial void LogFirstDrop(ILogger logger, string auditId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Dropped {Count} audit events because the buffer was full ({Total} in all)")]
    private static partial void LogDropped(ILogger logger, long count, long total);
}
