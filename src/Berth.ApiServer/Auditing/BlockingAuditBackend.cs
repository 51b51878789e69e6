namespace Berth.ApiServer.Auditing;

/// <summary>
/// kube's <c>--audit-log-mode blocking</c> (the log's default): each event is written before the request
/// goes on, one writer at a time, so nothing is ever dropped and a slow disk slows requests instead.
/// </summary>
public sealed class BlockingAuditBackend(IAuditBatchWriter writer) : IAuditBackend
{
    private readonly Lock _lock = new();

    public void ProcessEvent(AuditEvent e)
    {
        lock (_lock)
        {
            writer.Write([e]);
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            writer.Dispose();
        }
        return ValueTask.CompletedTask;
    }
}
