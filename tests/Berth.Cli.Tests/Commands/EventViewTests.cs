using Berth.Cli.Commands;
using Berth.Engine.Events;

namespace Berth.Cli.Tests.Commands;

public sealed class EventViewTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 6, 5, 58, 40, TimeSpan.Zero).AddTicks(7459886);

    [Fact]
    public void Line_Container_PodmansLineWithImageNameAndLabels()
    {
        var e = new EngineEvent
        {
            Id = "987b",
            Image = "localhost/x:1",
            Name = "web",
            Status = "start",
            Time = At,
            Type = "container",
            Attributes = new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" },
        };

        Assert.Equal("2026-12-06 05:58:40.7459886 +0000 UTC container start 987b (image=localhost/x:1, name=web, a=2, z=1)", new EventView(e).Line());
    }

    [Fact]
    public void Line_ImagePullWithoutId_TwoSpacesAsPodman()
    {
        var e = new EngineEvent { Name = "127.0.0.1:5000/x:1", Status = "pull", Time = At.AddTicks(-7459886), Type = "image" };

        Assert.Equal("2026-12-06 05:58:40 +0000 UTC image pull  127.0.0.1:5000/x:1", new EventView(e).Line());
    }

    [Fact]
    public void FieldsAndJson_ExitCodeOnlyWhenDied()
    {
        var died = new EngineEvent { Id = "1", Name = "n", Status = "died", Time = At, Type = "container", ContainerExitCode = 3 };
        var view = new EventView(died);

        Assert.Equal(("died", "3", "container"), (view.Field("Status"), view.Field("ContainerExitCode"), view.Field("Type")));
        Assert.Null(view.Field("Bogus"));
        Assert.Equal(3, view.ToJson()["ContainerExitCode"]!.GetValue<int>());
        Assert.False(new EventView(died with { ContainerExitCode = null }).ToJson().ContainsKey("ContainerExitCode"));
    }

    [Fact]
    public void Line_NetworkConnect_PodmansLineWithTheContainerAndNetwork()
    {
        var e = new EngineEvent { Id = "c0ffee", Name = "web", Network = "front", Status = "connect", Time = At, Type = "network" };

        Assert.Equal("2026-12-06 05:58:40.7459886 +0000 UTC network connect c0ffee (container=c0ffee, name=front)", new EventView(e).Line());
        Assert.Equal("front", new EventView(e).ToJson()["network"]!.GetValue<string>());
        Assert.Equal(("c0ffee", "web"), (new EventView(e).ToJson()["ID"]!.GetValue<string>(), new EventView(e).ToJson()["Name"]!.GetValue<string>()));
    }

    [Fact]
    public void Line_NetworkCreate_TheNetworksIdNameAndDriver()
    {
        var e = new EngineEvent { Id = "beef", Name = "front", Network = "front", Status = "create", Time = At, Type = "network" };

        Assert.Equal("2026-12-06 05:58:40.7459886 +0000 UTC network create beef (name=front, type=bridge)", new EventView(e).Line());
    }

    [Fact]
    public void Line_Pod_AsAContainerWithAnEmptyImage()
    {
        var e = new EngineEvent { Id = "90d", Image = "", Name = "web-pod", Status = "create", Time = At, Type = "pod" };

        Assert.Equal("2026-12-06 05:58:40.7459886 +0000 UTC pod create 90d (image=, name=web-pod)", new EventView(e).Line());
        Assert.False(new EventView(e).ToJson().ContainsKey("network"));
    }
}
