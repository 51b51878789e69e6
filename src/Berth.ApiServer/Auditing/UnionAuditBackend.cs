namespace Berth.ApiServer.Auditing;

/// <summary>Both a log and a webhook (kube's union backend): every event goes to each.</summary>
public sealed class UnionAuditBackend(IReadOnlyList<IAuditBackend> backends) : IAuditBackend
{
    public void ProcessEvent(AuditEvent e)
    {
        foreach (var backend in backends)
        {
            backend.ProcessEvent(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in backends)
        {
            await backend.DisposeAsync();
        }
    }
}
