using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Auditing;

/// <summary>
/// Turns the audit flags into the log the server writes, or none. As kube-apiserver: a log path
/// without a policy audits nothing (a warning says so), and so does a policy without a log path.
/// </summary>
public static partial class AuditBackend
{
    public static AuditLog? Open(AuditOptions audit, TimeProvider time, ILogger logger)
    {
        if (audit.LogPath is not null && audit.Policy is null)
        {
            LogWithoutPolicy(logger, audit.LogPath);
            return null;
        }
        if (audit.Policy is not null && audit.LogPath is null)
        {
            PolicyWithoutLog(logger);
            return null;
        }
        return audit.Enabled ? new AuditLog(audit.OpenSink(time), logger) : null;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "--audit-log-path {Path} is set without --audit-policy-file: nothing is audited (kube-apiserver audits nothing without a policy)")]
    private static partial void LogWithoutPolicy(ILogger logger, string path);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "--audit-policy-file is set without --audit-log-path: no audit backend, nothing is written")]
    private static partial void PolicyWithoutLog(ILogger logger);
}
