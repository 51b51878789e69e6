using Berth.Client.Queues;
using Berth.Client.Rest;
using Berth.Controllers.Machinery;
using Microsoft.Extensions.Logging;

namespace Berth.Controllers.Tests.Machinery;

public sealed class ReconcileLoopTests
{
    private readonly RecordingLogger _logger = new();

    [Fact]
    public async Task Conflict_IsRetried_AndLoggedAsDebugWithoutTheException()
    {
        var attempts = await ReconcileFailingOnceAsync(new ApiStatusException(409, "Conflict",
            "Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified; please apply your changes to the latest version and try again"));

        Assert.Equal(2, attempts);
        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Null(entry.Exception);
        Assert.Equal("test-controller: default/web changed while syncing (retry 0); requeued", entry.Message);
    }

    [Theory]
    [InlineData(409, "AlreadyExists")]
    [InlineData(500, "InternalError")]
    public async Task OtherApiError_IsRetried_AndLoggedAsAWarningWithTheException(int code, string reason)
    {
        var failure = new ApiStatusException(code, reason, "the failure");

        var attempts = await ReconcileFailingOnceAsync(failure);

        Assert.Equal(2, attempts);
        var entry = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Same(failure, entry.Exception);
        Assert.Equal("test-controller: syncing default/web failed (retry 0); requeued", entry.Message);
    }

    /// <summary>Runs a loop whose reconcile throws <paramref name="failure"/> the first time; answers the attempts made.</summary>
    private async Task<int> ReconcileFailingOnceAsync(Exception failure)
    {
        using var queue = WorkQueue<string>.ForController(TimeProvider.System);
        var attempts = 0;
        var succeeded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = new ReconcileLoop("test-controller", queue, (_, _) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                throw failure;
            }
            succeeded.TrySetResult();
            return Task.CompletedTask;
        }, _logger);
        using var stop = new CancellationTokenSource();
        var run = loop.RunAsync(workers: 1, stop.Token);

        queue.Add("default/web");
        await succeeded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await run;
        return attempts;
    }

    private sealed record Entry(LogLevel Level, string Message, Exception? Exception);

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<Entry> _entries = [];

        public IReadOnlyList<Entry> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add(new Entry(logLevel, formatter(state, exception), exception));
            }
        }
    }
}
