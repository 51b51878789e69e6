using Berth.ApiServer.Auditing;
using Microsoft.Extensions.Logging;

namespace Berth.ApiServer.Tests.Auditing;

public sealed class AuditBackendTests : IDisposable
{
    private static readonly AuditPolicy Policy = AuditPolicyParser.Parse("{apiVersion: audit.k8s.io/v1, kind: Policy, rules: [{level: Metadata}]}");

    private readonly string _dir = Directory.CreateTempSubdirectory("berth-audit-").FullName;
    private readonly RecordingLogger _logger = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Open_NoFlags_IsNoAuditAndNoWarning()
    {
        Assert.Null(AuditBackend.Open(new AuditOptions(), TimeProvider.System, _logger));
        Assert.Empty(_logger.Messages);
    }

    [Fact]
    public void Open_LogPathWithoutPolicy_WarnsAndAuditsNothing()
    {
        var path = Path.Combine(_dir, "audit.log");

        Assert.Null(AuditBackend.Open(new AuditOptions { LogPath = path }, TimeProvider.System, _logger));

        Assert.Contains("without --audit-policy-file: nothing is audited", Assert.Single(_logger.Messages));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Open_PolicyWithoutLogPath_WarnsAndAuditsNothing()
    {
        Assert.Null(AuditBackend.Open(new AuditOptions { Policy = Policy }, TimeProvider.System, _logger));

        Assert.Contains("without --audit-log-path", Assert.Single(_logger.Messages));
    }

    [Fact]
    public async Task Open_PolicyAndPath_WritesTheFile()
    {
        var path = Path.Combine(_dir, "logs", "audit.log");

        var log = AuditBackend.Open(new AuditOptions { Policy = Policy, LogPath = path }, TimeProvider.System, _logger);

        Assert.NotNull(log);
        await log.DisposeAsync();
        Assert.True(File.Exists(path));
        Assert.Empty(_logger.Messages);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
