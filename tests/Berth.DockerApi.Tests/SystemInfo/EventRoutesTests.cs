using Berth.DockerApi.SystemInfo;
using Berth.Engine.Events;

namespace Berth.DockerApi.Tests.SystemInfo;

public sealed class EventRoutesTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).AddTicks(5);

    [Fact]
    public void Message_ContainerDied_DockersDieWithExitCodeAndLabels()
    {
        var message = EventRoutes.Message(new EngineEvent
        {
            Id = "abc",
            Image = "localhost/x:1",
            Name = "web",
            Status = "died",
            Time = At,
            Type = "container",
            ContainerExitCode = 3,
            Attributes = new Dictionary<string, string> { ["tier"] = "front" },
        });

        Assert.Equal(("die", "die", "abc", "localhost/x:1"), (message["status"]!.GetValue<string>(), message["Action"]!.GetValue<string>(), message["id"]!.GetValue<string>(), message["from"]!.GetValue<string>()));
        var attributes = message["Actor"]!["Attributes"]!;
        Assert.Equal(("3", "web", "front"), (attributes["exitCode"]!.GetValue<string>(), attributes["name"]!.GetValue<string>(), attributes["tier"]!.GetValue<string>()));
        Assert.Equal(1_700_000_000L, message["time"]!.GetValue<long>());
        Assert.Equal(1_700_000_000_000_000_500L, message["timeNano"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("container", "remove", "destroy")]
    [InlineData("image", "remove", "delete")]
    [InlineData("image", "tag", "tag")]
    public void Message_Actions_DockersNames(string type, string status, string action)
    {
        Assert.Equal(action, EventRoutes.Message(new EngineEvent { Id = "i", Name = "n", Status = status, Time = At, Type = type })["Action"]!.GetValue<string>());
    }

    [Fact]
    public void Message_Volume_ActorIsTheName()
    {
        var message = EventRoutes.Message(new EngineEvent { Name = "data", Status = "create", Time = At, Type = "volume" });

        Assert.Equal("data", message["Actor"]!["ID"]!.GetValue<string>());
        Assert.False(message.ContainsKey("status"));
    }

    [Fact]
    public void Message_NetworkConnect_ActorIsTheNetworkWithTheContainerAsDockerdSendsIt()
    {
        var message = EventRoutes.Message(
            new EngineEvent { Id = "c0ffee", Name = "web", Network = "front", NetworkId = "beef", Status = "connect", Time = At, Type = "network" });

        var attributes = message["Actor"]!["Attributes"]!;
        Assert.Equal(("network", "connect", "beef"), (message["Type"]!.GetValue<string>(), message["Action"]!.GetValue<string>(), message["Actor"]!["ID"]!.GetValue<string>()));
        Assert.Equal(("c0ffee", "front", "bridge"), (attributes["container"]!.GetValue<string>(), attributes["name"]!.GetValue<string>(), attributes["type"]!.GetValue<string>()));
    }

    [Fact]
    public void Message_NetworkRemove_IsDestroyOfTheNetwork()
    {
        var message = EventRoutes.Message(new EngineEvent { Id = "beef", Name = "front", Network = "front", Status = "remove", Time = At, Type = "network" });

        Assert.Equal(("destroy", "beef", "front"), (message["Action"]!.GetValue<string>(), message["Actor"]!["ID"]!.GetValue<string>(), message["Actor"]!["Attributes"]!["name"]!.GetValue<string>()));
    }
}
