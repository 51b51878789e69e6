using System.Globalization;

namespace Berth.Acceptance.Docker;

/// <summary>The real docker CLI's `docker events` on Berth's socket: the engine's events, with dockerd's names, filters and fields.</summary>
public sealed class DockerEventsTests(DockerSocket socket) : IClassFixture<DockerSocket>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => socket.RemoveAllContainersAsync();

    [Fact]
    public async Task Events_SinceUntil_ContainerLifecycleWithDockersActions()
    {
        var since = Now();
        var run = await socket.DockerAsync("run", "--name", "evt", "--network", "none", DockerSocket.Image, "sh", "-c", "exit 3");
        var rm = await socket.DockerAsync("rm", "evt");
        var until = Now();

        var actions = await socket.DockerAsync("events", "--since", since, "--until", until, "--filter", "container=evt", "--format", "{{.Action}}");
        var die = await socket.DockerAsync("events", "--since", since, "--until", until, "--filter", "event=die", "--format", "{{.Actor.Attributes.name}} {{.Actor.Attributes.exitCode}}");
        var badFilter = await socket.DockerAsync("events", "--since", since, "--until", until, "--filter", "bogus=1");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(0, rm.ExitCode);
        Assert.Equal((0, "create\nstart\ndie\ndestroy\n"), (actions.ExitCode, actions.Stdout));
        Assert.Equal("evt 3\n", die.Stdout);
        Assert.NotEqual(0, badFilter.ExitCode);
        Assert.Contains("invalid filter", badFilter.Stderr);
    }

    [Fact]
    public async Task Events_NetworkCreateConnectDisconnectRemove_AsDockerdSendsThem()
    {
        var since = Now();
        await socket.DockerAsync("network", "create", "evnet");
        var networkId = (await socket.DockerAsync("network", "inspect", "-f", "{{.Id}}", "evnet")).Stdout.Trim();
        var containerId = (await socket.DockerAsync("run", "-d", "--name", "evnc", DockerSocket.Image, "sleep", "600")).Stdout.Trim();
        var connect = await socket.DockerAsync("network", "connect", "evnet", "evnc");
        var disconnect = await socket.DockerAsync("network", "disconnect", "evnet", "evnc");
        await socket.DockerAsync("rm", "-f", "evnc");
        var remove = await socket.DockerAsync("network", "rm", "evnet");
        var until = Now();

        var actions = await socket.DockerAsync("events", "--since", since, "--until", until, "--filter", "type=network", "--format", "{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.type}}");
        var connected = await socket.DockerAsync("events", "--since", since, "--until", until, "--filter", "type=network", "--filter", "event=connect",
            "--format", "{{.Actor.ID}} {{.Actor.Attributes.container}}");

        Assert.True(connect.ExitCode == 0 && disconnect.ExitCode == 0 && remove.ExitCode == 0, connect.Stderr + disconnect.Stderr + remove.Stderr);
        Assert.Equal("create evnet bridge\nconnect evnet bridge\ndisconnect evnet bridge\ndestroy evnet bridge\n", actions.Stdout);
        Assert.Equal($"{networkId} {containerId}\n", connected.Stdout);
    }

    private static string Now() => (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
}
