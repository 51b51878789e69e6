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
}
