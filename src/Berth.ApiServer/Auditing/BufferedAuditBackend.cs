using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// The audit backend, after kube's buffered backend: requests hand events to a bounded channel and
/// never wait; one writer task serializes them and writes them to the sink, flushing when the
/// channel runs dry. A full buffer drops the event and counts it (one warning at the first drop,
/// then the total after each batch). Disposing drains what is queued and flushes.
/// </summary>
public sealed partial class AuditLog : IAsyncDisposable
{
    /// <summary>kube's --audit-log-batch-buffer-size default.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Channel<AuditEvent> _events;
    private readonly IAuditSink _sink;
    private readonly ILogger _logger;
    private readonly Task _writer;
    private long _dropped;
    private long _droppedReported;

    public AuditLog(IAuditSink sink, ILogger logger, int capacity = DefaultCapacity)
    {
        _sink = sink;
        _logger = logger;
        _events = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _writer = Task.Run(WriteAllAsync);
    }

    /// <summary>Events dropped because the buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues the event; drops it when the buffer is full (never blocks).</summary>
    public void Add(AuditEvent e)
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
        await _writer;
        _sink.Dispose();
    }

    private async Task WriteAllAsync()
    {
        var line = new ArrayBufferWriter<byte>(16 * 1024);
        var reader = _events.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var e))
            {
                line.Clear();
                try
                {
                    AuditEventJson.Write(e, line);
                    _sink.Write(line.WrittenSpan);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
                {
                    LogWriteFailed(_logger, ex, e.AuditId);
                }
            }
            try
            {
                _sink.Flush();
            }
            catch (IOException ex)
            {
                LogWriteFailed(_logger, ex, "");
            }
            var dropped = Dropped;
            if (dropped != _droppedReported)
            {
                LogDropped(_logger, dropped - _droppedReported, dropped);
                _droppedReported = dropped;
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "The audit buffer is full: dropping event {AuditId} and any more until it drains")]
    private static partial void LogFirstDrop(ILogger logger, string auditId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Dropped {Count} audit events because the buffer was full ({Total} in all)")]
    private static partial void LogDropped(ILogger logger, long count, long total);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Could not write audit event {AuditId}")]
    private static partial void LogWriteFailed(ILogger logger, Exception ex, string auditId);
}
