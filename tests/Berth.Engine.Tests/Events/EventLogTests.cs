using Berth.Engine.Events;
using Berth.Engine.Tests.Containers;

namespace Berth.Engine.Tests.Events;

public sealed class EventLogTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-events-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Append_ThenRead_OldestFirstWithPodmansFields()
    {
        var log = new EventLog(_root);
        var record = TestContainerRecords.Minimal(new string('c', 64), "web") with { Labels = new Dictionary<string, string> { ["tier"] = "front" } };

        log.Container("create", record);
        log.Container("died", record, exitCode: 3);
        log.Object("image", "tag", "abc", "localhost/x:1");

        var events = log.Read().ToList();
        Assert.Equal(["create", "died", "tag"], events.Select(e => e.Status));
        Assert.Equal((record.Id, "web", "localhost/x:latest", "container"), (events[0].Id, events[0].Name, events[0].Image, events[0].Type));
        Assert.Equal("front", events[0].Attributes!["tier"]);
        Assert.Equal(3, events[1].ContainerExitCode);
        Assert.Null(events[0].ContainerExitCode);
        var line = File.ReadAllLines(log.FilePath)[0];
        Assert.StartsWith("{\"ID\":\"cccc", line);
        Assert.DoesNotContain("ContainerExitCode", line);
    }

    [Fact]
    public void Read_LineCutShortOrNoFile_SkippedNotFailed()
    {
        var log = new EventLog(_root);
        Assert.Empty(log.Read());
        log.Object("volume", "create", null, "a");
        File.AppendAllText(log.FilePath, "{\"Status\":\"cut\n");
        log.Object("volume", "remove", null, "a");

        Assert.Equal(["create", "remove"], log.Read().Select(e => e.Status));
    }

    [Fact]
    public async Task FollowAsync_RecordedThenNew_UntilCancelled()
    {
        var log = new EventLog(_root);
        log.Object("volume", "create", null, "before");
        using var stop = new CancellationTokenSource();
        var seen = new List<string>();

        await foreach (var e in log.FollowAsync(stop.Token))
        {
            seen.Add(e.Name!);
            if (e.Name == "before")
            {
                log.Object("volume", "create", null, "after");
            }
            else
            {
                stop.Cancel();
            }
        }

        Assert.Equal(["before", "after"], seen);
    }
}
