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
}
