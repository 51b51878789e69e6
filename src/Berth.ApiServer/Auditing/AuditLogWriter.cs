using System.Buffers;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// The log backend's writer: each event as one line in the <c>--audit-log-format</c> (json: an
/// audit.k8s.io/v1 Event; legacy: kube's one-line text), written to the sink and flushed after each batch.
/// </summary>
public sealed partial class AuditLogWriter(IAuditSink sink, AuditLogFormat format, ILogger logger) : IAuditBatchWriter
{
    private readonly ArrayBufferWriter<byte> _line = new(16 * 1024);

    public void Write(IReadOnlyList<AuditEvent> batch)
    {
        foreach (var e in batch)
        {
            _line.Clear();
            try
            {
                if (format == AuditLogFormat.Legacy)
                {
                    AuditEventLegacy.Write(e, _line);
                }
                else
                {
                    AuditEventJson.Write(e, _line);
                }
                sink.Write(_line.WrittenSpan);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                LogWriteFailed(logger, ex, e.AuditId);
            }
        }
        try
        {
            sink.Flush();
        }
        catch (IOException ex)
        {
            LogWriteFailed(logger, ex, "");
        }
    }

    public void Dispose() => sink.Dispose();

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Could not write audit event {AuditId}")]
    private static partial void LogWriteFailed(ILogger logger, Exception ex, string auditId);
}

/// <summary>kube's --audit-log-format.</summary>
public enum AuditLogFormat
{
    Json,
    Legacy,
}
