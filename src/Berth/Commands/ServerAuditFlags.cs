using System.CommandLine;
using Berth.ApiServer.Auditing;

namespace Berth.Cli.Commands;

/// <summary>
/// kube-apiserver's audit flags on <c>berth server</c>: the policy, the log (path, rotation, compression,
/// format, mode and batching) and the webhook (kubeconfig, mode, batching, backoff), with kube's names and defaults.
/// </summary>
public sealed class ServerAuditFlags
{
    private readonly Option<string?> _policy = new("--audit-policy-file") { Description = "audit.k8s.io/v1 Policy (YAML or JSON): which requests are audited, at what level" };
    private readonly Option<string?> _logPath = new("--audit-log-path") { Description = "File the audit events go to, or - for standard output" };
    private readonly Option<int> _maxSize = ServerCommand.NonNegativeOption("--audit-log-maxsize", "Megabytes the audit log grows to before it is rotated (0: 100)");
    private readonly Option<int> _maxBackup = ServerCommand.NonNegativeOption("--audit-log-maxbackup", "Rotated audit logs kept (0: all)");
    private readonly Option<int> _maxAge = ServerCommand.NonNegativeOption("--audit-log-maxage", "Days a rotated audit log is kept (0: forever)");
    private readonly Option<bool> _compress = new("--audit-log-compress") { Description = "Gzip rotated audit logs" };
    private readonly Option<string> _format = Choice("--audit-log-format", "Format of the audit log: json (audit.k8s.io/v1 Events) or legacy (one line of text per event)", "json", "json", "legacy");
    private readonly Option<string> _logMode = Mode("--audit-log-mode", "blocking");
    private readonly Option<int> _logBufferSize = Positive("--audit-log-batch-buffer-size", "Audit events buffered for the log before new ones are dropped (batch mode)", AuditBatchOptions.DefaultBufferSize);
    private readonly Option<int> _logMaxSize = Positive("--audit-log-batch-max-size", "Audit events written to the log in one batch at most (batch mode)", AuditBatchOptions.LogDefaults.MaxSize);
    private readonly Option<TimeSpan> _logMaxWait = DurationOption.Create("--audit-log-batch-max-wait", "How long a batch for the log waits to fill (batch mode)", AuditBatchOptions.LogDefaults.MaxWait);
    private readonly Option<string?> _webhookConfig = new("--audit-webhook-config-file") { Description = "kubeconfig of a webhook that receives audit.k8s.io/v1 EventList batches" };
    private readonly Option<string> _webhookMode = Mode("--audit-webhook-mode", "batch");
    private readonly Option<int> _webhookBufferSize = Positive("--audit-webhook-batch-buffer-size", "Audit events buffered for the webhook before new ones are dropped (batch mode)", AuditBatchOptions.DefaultBufferSize);
    private readonly Option<int> _webhookMaxSize = Positive("--audit-webhook-batch-max-size", "Audit events sent to the webhook in one batch at most (batch mode)", AuditBatchOptions.WebhookDefaults.MaxSize);
    private readonly Option<TimeSpan> _webhookMaxWait = DurationOption.Create("--audit-webhook-batch-max-wait", "How long a batch for the webhook waits to fill (batch mode)", AuditBatchOptions.WebhookDefaults.MaxWait);
    private readonly Option<TimeSpan> _webhookBackoff = DurationOption.Create("--audit-webhook-initial-backoff", "Wait before a failed webhook request is retried", TimeSpan.FromSeconds(10));

    public IEnumerable<Option> Options =>
    [
        _policy, _logPath, _maxSize, _maxBackup, _maxAge, _compress, _format, _logMode, _logBufferSize, _logMaxSize, _logMaxWait,
        _webhookConfig, _webhookMode, _webhookBufferSize, _webhookMaxSize, _webhookMaxWait, _webhookBackoff,
    ];

    public AuditOptions Read(ParseResult parse) => new()
    {
        Policy = parse.GetValue(_policy) is { } policy ? ServerCommand.ReadSecurityFile("--audit-policy-file", policy, AuditPolicyParser.Load) : null,
        LogPath = parse.GetValue(_logPath) is { } log ? (log == "-" ? log : Path.GetFullPath(log)) : null,
        MaxSizeMegabytes = parse.GetValue(_maxSize),
        MaxBackups = parse.GetValue(_maxBackup),
        MaxAgeDays = parse.GetValue(_maxAge),
        Compress = parse.GetValue(_compress),
        LogFormat = parse.GetValue(_format) == "legacy" ? AuditLogFormat.Legacy : AuditLogFormat.Json,
        LogBatch = Batch(parse, _logMode, _logBufferSize, _logMaxSize, _logMaxWait),
        Webhook = parse.GetValue(_webhookConfig) is { } webhook ? ServerCommand.ReadSecurityFile("--audit-webhook-config-file", webhook, WebhookKubeconfig.Load) : null,
        WebhookBatch = Batch(parse, _webhookMode, _webhookBufferSize, _webhookMaxSize, _webhookMaxWait),
        WebhookInitialBackoff = parse.GetValue(_webhookBackoff),
    };

    private static AuditBatchOptions Batch(ParseResult parse, Option<string> mode, Option<int> bufferSize, Option<int> maxSize, Option<TimeSpan> maxWait) => new()
    {
        Mode = parse.GetValue(mode) == "batch" ? AuditMode.Batch : AuditMode.Blocking,
        BufferSize = parse.GetValue(bufferSize),
        MaxSize = parse.GetValue(maxSize),
        MaxWait = parse.GetValue(maxWait),
    };

    private static Option<string> Mode(string name, string defaultValue) =>
        Choice(name, "blocking: each event is written before the request goes on; batch: buffered and written in the background", defaultValue, "blocking", "batch");

    private static Option<string> Choice(string name, string description, string defaultValue, params string[] values)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong(values);
        return option;
    }

    private static Option<int> Positive(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                {
                    result.AddError($"{name} {result.GetValueOrDefault<int>()}: must be 1 or more");
                }
            },
        },
    };
}
