using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// Turns the audit flags into the backend the server writes to, or none: the log, the webhook, or both
/// (each blocking or batched as its mode says). As kube-apiserver: a backend without a policy audits
/// nothing (a warning says so), and so does a policy without a backend.
/// </summary>
public static partial class AuditBackend
{
    public static IAuditBackend? Open(AuditOptions audit, TimeProvider time, ILogger logger)
    {
        if ((audit.LogPath is not null || audit.Webhook is not null) && audit.Policy is null)
        {
            BackendWithoutPolicy(logger);
            return null;
        }
        if (audit.Policy is not null && !audit.Enabled)
        {
            PolicyWithoutBackend(logger);
            return null;
        }
        if (!audit.Enabled)
        {
            return null;
        }
        var backends = new List<IAuditBackend>();
        if (audit.LogPath is not null)
        {
            backends.Add(Wrap(new AuditLogWriter(audit.OpenSink(time), audit.LogFormat, logger), audit.LogBatch, time, logger));
        }
        if (audit.Webhook is { } webhook)
        {
            var writer = new AuditWebhookWriter(webhook.CreateClient(TimeSpan.FromSeconds(30)), webhook.Server, audit.WebhookInitialBackoff, time, logger);
            backends.Add(Wrap(writer, audit.WebhookBatch, time, logger));
        }
        return backends.Count == 1 ? backends[0] : new UnionAuditBackend(backends);
    }

    private static IAuditBackend Wrap(IAuditBatchWriter writer, AuditBatchOptions batch, TimeProvider time, ILogger logger) =>
        batch.Mode == AuditMode.Blocking ? new BlockingAuditBackend(writer) : new BufferedAuditBackend(writer, batch, time, logger);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "--audit-log-path or --audit-webhook-config-file is set without --audit-policy-file: nothing is audited (kube-apiserver audits nothing without a policy)")]
    private static partial void BackendWithoutPolicy(ILogger logger);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "--audit-policy-file is set without --audit-log-path or --audit-webhook-config-file: no audit backend, nothing is written")]
    private static partial void PolicyWithoutBackend(ILogger logger);
}
