using Berth.ApiServer.Auditing;
using Berth.ApiServer.Authentication;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.ApiServer.Tests.Auditing;

public class AuditLogTests
{
    private static AuditEvent Event(int i) => new()
    {
        Level = AuditLevel.Metadata,
        AuditId = $"id-{i}",
        Stage = AuditStage.ResponseComplete,
        RequestUri = "/version",
        Verb = "get",
        User = UserInfo.AnonymousUser,
        RequestReceivedTimestamp = DateTimeOffset.UnixEpoch,
        StageTimestamp = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task Dispose_WritesEveryQueuedEventInOrder_AndFlushes()
    {
        var sink = new MemorySink();
        var log = new AuditLog(sink, NullLogger.Instance);

        for (var i = 0; i < 100; i++)
        {
            log.Add(Event(i));
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
        var log = new AuditLog(sink, NullLogger.Instance, capacity: 2);

        // The writer takes one event and blocks on the disk; two more fill the buffer; the rest are dropped at once.
        log.Add(Event(0));
        await Wait.UntilAsync(() => sink.Entered);
        Assert.True(sink.Entered);
        var started = DateTime.UtcNow;
        for (var i = 1; i < 50; i++)
        {
            log.Add(Event(i));
        }
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(1));
        Assert.Equal(47, log.Dropped);

        sink.Release();
        await log.DisposeAsync();
        Assert.Equal(50 - log.Dropped, sink.Lines.Count);
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
