namespace Berth.ApiServer.Auditing;

/// <summary>kube-apiserver's audit flags, as <c>berth server</c> takes them.</summary>
public sealed record AuditOptions
{
    /// <summary>The parsed --audit-policy-file; null: nothing is audited, as kube.</summary>
    public AuditPolicy? Policy { get; init; }

    /// <summary>--audit-log-path: a file, or "-" for standard output; null: no log backend.</summary>
    public string? LogPath { get; init; }

    /// <summary>--audit-log-format: JSON events or kube's legacy one-line text.</summary>
    public AuditLogFormat LogFormat { get; init; } = AuditLogFormat.Json;

    /// <summary>--audit-log-mode and --audit-log-batch-*.</summary>
    public AuditBatchOptions LogBatch { get; init; } = AuditBatchOptions.LogDefaults;

    /// <summary>--audit-log-maxsize: megabytes before the file is rotated (0: lumberjack's 100).</summary>
    public int MaxSizeMegabytes { get; init; }

    /// <summary>--audit-log-maxbackup: rotated files kept (0: all).</summary>
    public int MaxBackups { get; init; }

    /// <summary>--audit-log-maxage: days a rotated file is kept (0: forever).</summary>
    public int MaxAgeDays { get; init; }

    /// <summary>--audit-log-compress: rotated files are gzipped.</summary>
    public bool Compress { get; init; }

    /// <summary>The parsed --audit-webhook-config-file; null: no webhook backend.</summary>
    public WebhookKubeconfig? Webhook { get; init; }

    /// <summary>--audit-webhook-mode and --audit-webhook-batch-*.</summary>
    public AuditBatchOptions WebhookBatch { get; init; } = AuditBatchOptions.WebhookDefaults;

    /// <summary>--audit-webhook-initial-backoff: the wait before a failed POST is tried again.</summary>
    public TimeSpan WebhookInitialBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether events are written: a policy and a backend (log path or webhook) are both given.</summary>
    public bool Enabled => Policy is not null && (LogPath is not null || Webhook is not null);

    /// <summary>The sink <see cref="LogPath"/> names.</summary>
    public IAuditSink OpenSink(TimeProvider time) => LogPath == "-"
        ? new StandardOutputSink()
        : new RotatingFile(LogPath!, MaxSizeMegabytes * 1024L * 1024L, MaxBackups, TimeSpan.FromDays(MaxAgeDays), time, Compress);
}
