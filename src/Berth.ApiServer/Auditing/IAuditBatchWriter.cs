namespace Berth.ApiServer.Auditing;

/// <summary>Writes events out, a batch at a time: to the log file (<see cref="AuditLogWriter"/>) or a webhook (<see cref="AuditWebhookWriter"/>).</summary>
public interface IAuditBatchWriter : IDisposable
{
    /// <summary>Writes the batch; failures are logged and the batch dropped, as kube's backends do.</summary>
    void Write(IReadOnlyList<AuditEvent> batch);
}
