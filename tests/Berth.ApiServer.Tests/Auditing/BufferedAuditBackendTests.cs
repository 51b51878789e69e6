using Berth.ApiServer.Auditing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.ApiServer.Tests.Auditing;

public class BufferedAuditBackendTests
{

    private static readonly AuditBatchOptions Batch = new() { Mode = AuditMode.Batch };

    private static BufferedAuditBackend Buffered(IAuditSink sink, AuditBatchOptions batch) =>
        new(new AuditLogWriter(sink, AuditLogFormat.Json, NullLogger.Instance), batch, TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task Dispose_WritesEveryQueuedEventInOrder_AndFlushes()
    {
        var sink = new MemorySink();
        var log = Buffered(sink, Batch);

        for (var i = 0; i < 100; i++)
        {
            log.ProcessEvent(TestEvents.Metadata($"id-{i}"));
        }
        await log.DisposeAsync();

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"id-{i}"), sink.Lines.Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!["auditID"]!.GetValue<string>()));
        Assert.True(sink.Flushed);
        Assert.True(sink.Disposed);
        Assert.Equal(0, log.Dropped);
    }

    [Fact]
    public async Task Add_BufferFull_DropsAndCountsWithoutBlocking()
    {
        var sink = new MemorySink(blocked: true);
        var log = Buffered(sink, Batch with { BufferSize = 2 });

        // The writer takes one event and blocks on the disk; two more fill the buffer; the rest are dropped at once.
        log.ProcessEvent(TestEvents.Metadata("id-0"));
        await Wait.UntilAsync(() => sink.Entered);
        Assert.True(sink.Entered);
        var started = DateTime.UtcNow;
        for (var i = 1; i < 50; i++)
        {
            log.ProcessEvent(TestEvents.Metadata($"id-{i}"));
        }
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(1));
        Assert.Equal(47, log.Dropped);

        sink.Release();
        await log.DisposeAsync();
        Assert.Equal(50 - log.Dropped, sink.Lines.Count);
    }
}

/// <summary>Batches by size and by time, with a writer that records each batch it is given.</summary>
public class AuditBatchingTests
{
    private readonly ManualClock _clock = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Batches_TakeAtMostMaxSize_AndDisposeWritesTheRest()
    {
        var writer = new RecordingWriter();
        var backend = new BufferedAuditBackend(writer, new AuditBatchOptions { Mode = AuditMode.Batch, MaxSize = 3 }, _clock, NullLogger.Instance);
        writer.Hold();
        backend.ProcessEvent(TestEvents.Metadata("id-0"));
        await Wait.UntilAsync(() => writer.Entered);
        for (var i = 1; i < 8; i++)
        {
            backend.ProcessEvent(TestEvents.Metadata($"id-{i}"));
        }
        writer.Release();

        await backend.DisposeAsync();

        Assert.Equal([1, 3, 3, 1], writer.Batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"id-{i}"), writer.Batches.SelectMany(b => b).Select(e => e.AuditId));
        Assert.True(writer.Disposed);
    }

    [Fact]
    public async Task ABatchShortOfMaxSize_GoesOutWhenMaxWaitIsOver()
    {
        var writer = new RecordingWriter();
        var backend = new BufferedAuditBackend(writer, new AuditBatchOptions { Mode = AuditMode.Batch, MaxSize = 100, MaxWait = TimeSpan.FromSeconds(30) }, _clock, NullLogger.Instance);

        backend.ProcessEvent(TestEvents.Metadata("id-0"));
        backend.ProcessEvent(TestEvents.Metadata("id-1"));
        await Wait.UntilAsync(() => _clock.Timers > 0);
        Assert.Empty(writer.Batches);
        _clock.Advance(TimeSpan.FromSeconds(30));
        await Wait.UntilAsync(() => writer.Batches.Count > 0);

        Assert.Equal(2, Assert.Single(writer.Batches).Count);
        await backend.DisposeAsync();
    }

    [Fact]
    public async Task Blocking_WritesEachEventBeforeReturning()
    {
        var writer = new RecordingWriter();
        var backend = new BlockingAuditBackend(writer);

        backend.ProcessEvent(TestEvents.Metadata("id-0"));

        Assert.Equal("id-0", Assert.Single(Assert.Single(writer.Batches)).AuditId);
        await backend.DisposeAsync();
        Assert.True(writer.Disposed);
    }


    private sealed class RecordingWriter : IAuditBatchWriter
    {
        private readonly ManualResetEventSlim _open = new(true);
        private readonly List<List<AuditEvent>> _batches = [];
        private volatile bool _entered;

        public IReadOnlyList<List<AuditEvent>> Batches
        {
            get
            {
                lock (_batches)
                {
                    return [.. _batches];
                }
            }
        }

        public bool Entered => _entered;

        public bool Disposed { get; private set; }

        public void Hold() => _open.Reset();

        public void Release() => _open.Set();

        public void Write(IReadOnlyList<AuditEvent> batch)
        {
            _entered = true;
            _open.Wait();
            lock (_batches)
            {
                _batches.Add([.. batch]);
            }
        }

        public void Dispose() => Disposed = true;
    }
}

internal static class Wait
{
    public static async Task UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }
}
