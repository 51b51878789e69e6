namespace Berth.ApiServer.Auditing;

/// <summary>How a backend hands events on (kube's --audit-log-* and --audit-webhook-* mode and batch flags).</summary>
public sealed record AuditBatchOptions
{
    /// <summary>kube's --audit-*-batch-buffer-size default.</summary>
    public const int DefaultBufferSize = 10_000;

    /// <summary>blocking: each event is written in the request; batch: buffered and written by one task.</summary>
    public AuditMode Mode { get; init; } = AuditMode.Blocking;

    /// <summary>Events the buffer holds before new ones are dropped (batch mode).</summary>
    public int BufferSize { get; init; } = DefaultBufferSize;

    /// <summary>Events in one batch at most (batch mode).</summary>
    public int MaxSize { get; init; } = 1;

    /// <summary>How long a batch waits to fill after its first event (batch mode; zero: it does not wait).</summary>
    public TimeSpan MaxWait { get; init; }

    /// <summary>kube's log defaults: blocking; in batch mode a buffer of 10,000 and batches of one.</summary>
    public static AuditBatchOptions LogDefaults { get; } = new();

    /// <summary>kube's webhook defaults: batches of up to 400 events, sent at least every 30 s.</summary>
    public static AuditBatchOptions WebhookDefaults { get; } = new() { Mode = AuditMode.Batch, MaxSize = 400, MaxWait = TimeSpan.FromSeconds(30) };
}

/// <summary>kube's audit backend modes (blocking-strict is not offered).</summary>
public enum AuditMode
{
    Blocking,
    Batch,
}
