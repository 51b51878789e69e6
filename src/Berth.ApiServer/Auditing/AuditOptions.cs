namespace Berth.ApiServer.Auditing;

/// <summary>kube-apiserver's audit flags, as <c>berth server</c> takes them.</summary>
public sealed record AuditOptions
{
    /// <summary>The parsed --audit-policy-file; null: nothing is audited, as kube.</summary>
    public AuditPolicy? Policy { get; init; }

    /// <summary>--audit-log-path: a file, or "-" for standard output; null: no log backend.</summary>
    public string? LogPath { get; init; }

    /// <summary>--audit-log-maxsize: megabytes before the file is rotated (0: lumberjack's 100).</summary>
    public int MaxSizeMegabytes { get; init; }

    /// <summary>--audit-log-maxbackup: rotated files kept (0: all).</summary>
    public int MaxBackups { get; init; }

    /// <summary>--audit-log-maxage: days a rotated file is kept (0: forever).</summary>
    public int MaxAgeDays { get; init; }

    /// <summary>Whether events are written: a policy and a log path are both given.</summary>
    public bool Enabled => Policy is not null && LogPath is not null;

    /// <summary>The sink <see cref="LogPath"/> names.</summary>
    public IAuditSink OpenSink(TimeProvider time) => LogPath == "-"
        ? new StandardOutputSink()
        : new RotatingFile(LogPath!, MaxSizeMegabytes * 1024L * 1024L, MaxBackups, TimeSpan.FromDays(MaxAgeDays), time);
}
