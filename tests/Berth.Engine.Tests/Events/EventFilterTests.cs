using Berth.Engine.Events;

namespace Berth.Engine.Tests.Events;

public sealed class EventFilterTests
{
    private static readonly EngineEvent Started = new()
    {
        Id = "abcdef0123",
        Name = "web",
        Image = "localhost/busybox:test",
        Status = "start",
        Time = DateTimeOffset.UnixEpoch,
        Type = "container",
        Attributes = new Dictionary<string, string> { ["tier"] = "front" },
    };

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "type=container" }, true)]
    [InlineData(new[] { "type=image" }, false)]
    [InlineData(new[] { "event=start", "event=stop" }, true)]
    [InlineData(new[] { "event=stop" }, false)]
    [InlineData(new[] { "container=web" }, true)]
    [InlineData(new[] { "container=abc" }, true)]
    [InlineData(new[] { "container=other" }, false)]
    [InlineData(new[] { "image=busybox:test" }, true)]
    [InlineData(new[] { "image=localhost/busybox:test", "type=container" }, true)]
    [InlineData(new[] { "label=tier=front" }, true)]
    [InlineData(new[] { "label=tier" }, true)]
    [InlineData(new[] { "label=tier=back" }, false)]
    [InlineData(new[] { "type=container", "event=died" }, false)]
    public void Matches_KeysAndValues_AsPodman(string[] filters, bool matches)
    {
        Assert.Equal(matches, EventFilter.Parse(filters).Matches(Started));
    }

    [Theory]
    [InlineData("bogus=1", "bogus is an invalid filter")]
    [InlineData("type", "invalid filter \"type\": expected KEY=VALUE")]
    public void Parse_BadFilter_InvalidArgument(string filter, string message)
    {
        Assert.Equal(message, Assert.Throws<InvalidArgumentException>(() => EventFilter.Parse([filter])).Message);
    }

    [Theory]
    [InlineData("network=front", "connect", true)]
    [InlineData("network=back", "connect", false)]
    [InlineData("network=beef", "create", true)]
    [InlineData("network=c0ffee", "connect", false)]
    [InlineData("type=network", "disconnect", true)]
    [InlineData("pod=web", "connect", false)]
    public void Matches_NetworkEvents_ByNetworkNameOrTheNetworksOwnId(string filter, string status, bool matches)
    {
        var e = new EngineEvent
        {
            Id = status == "create" ? "beef01" : "c0ffee",
            Name = status == "create" ? "front" : "web",
            Network = "front",
            Status = status,
            Time = DateTimeOffset.UnixEpoch,
            Type = "network",
        };

        Assert.Equal(matches, EventFilter.Parse([filter]).Matches(e));
    }

    [Theory]
    [InlineData("pod=web-pod", true)]
    [InlineData("pod=90d", true)]
    [InlineData("pod=other", false)]
    [InlineData("container=web-pod", false)]
    public void Matches_PodEvents_ByPodNameOrId(string filter, bool matches)
    {
        var e = new EngineEvent { Id = "90d1", Image = "", Name = "web-pod", Status = "create", Time = DateTimeOffset.UnixEpoch, Type = "pod" };

        Assert.Equal(matches, EventFilter.Parse([filter]).Matches(e));
    }
}
