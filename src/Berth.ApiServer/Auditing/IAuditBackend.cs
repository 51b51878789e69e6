namespace Berth.ApiServer.Auditing;

/// <summary>
/// Where the audit events of requests go (kube's audit.Backend): a log file, a webhook, or both. A request
/// hands each event over as it happens; disposing writes out what is pending, after the last request.
/// </summary>
public interface IAuditBackend : IAsyncDisposable
{
    void ProcessEvent(AuditEvent e);
}
