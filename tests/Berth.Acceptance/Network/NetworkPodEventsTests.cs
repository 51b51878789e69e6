using System.Globalization;
using System.Text.Json;
using Berth.Acceptance.Containers;

namespace Berth.Acceptance.Network;

/// <summary>`berth events` for networks (create, connect, disconnect, remove) and pods (create, start, kill, remove) as Podman 4.3 records them.</summary>
public sealed class NetworkPodEventsTests(BusyboxEngineRoot root) : UserNetworkFixture(root), IClassFixture<BusyboxEngineRoot>
{
    [Fact]
    public async Task Events_NetworkLifecycleAndConnections_PodmansFieldsLinesAndFilters()
    {
        var since = Since();
        await Root.BerthAsync("network", "create", "evnet");
        var run = await Root.BerthAsync("run", "-d", "--name", "evc", Image, "sleep", "600");
        var id = run.Stdout.Trim();
        var connect = await Root.BerthAsync("network", "connect", "evnet", "evc");
        var disconnect = await Root.BerthAsync("network", "disconnect", "evnet", "evc");
        await Root.BerthAsync("rm", "-f", "evc");
        var remove = await Root.BerthAsync("network", "rm", "evnet");

        var statuses = await Root.BerthAsync("events", "--stream=false", "--since", since, "--filter", "type=network", "--format", "{{.Status}} {{.Network}} {{.Name}}");
        var line = await Root.BerthAsync("events", "--stream=false", "--since", since, "--filter", "type=network", "--filter", "event=connect");
        var json = await Root.BerthAsync("events", "--stream=false", "--since", since, "--filter", "network=evnet", "--filter", "event=disconnect", "--format", "json");

        Assert.True(run.ExitCode == 0 && connect.ExitCode == 0 && disconnect.ExitCode == 0 && remove.ExitCode == 0, run.Stderr + connect.Stderr + disconnect.Stderr + remove.Stderr);
        Assert.Equal("create evnet evnet\nconnect evnet evc\ndisconnect evnet evc\nremove evnet evnet\n", statuses.Stdout);
        Assert.Matches($@"^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC network connect {id} \(container={id}, name=evnet\)\n$", line.Stdout);
        var disconnected = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal((id, "evc", "evnet", "network"), (disconnected.GetProperty("ID").GetString(), disconnected.GetProperty("Name").GetString(),
            disconnected.GetProperty("network").GetString(), disconnected.GetProperty("Type").GetString()));
    }

    [Fact]
    public async Task Events_PodLifecycle_RecordedAsPodman()
    {
        var since = Since();
        var create = await Root.BerthAsync("pod", "create", "--name", "evpod");
        var id = create.Stdout.Trim();
        var start = await Root.BerthAsync("pod", "start", "evpod");
        var kill = await Root.BerthAsync("pod", "kill", "evpod");
        var remove = await Root.BerthAsync("pod", "rm", "-f", "evpod");

        var statuses = await Root.BerthAsync("events", "--stream=false", "--since", since, "--filter", "type=pod", "--format", "{{.Status}} {{.Name}}");
        var line = await Root.BerthAsync("events", "--stream=false", "--since", since, "--filter", "pod=evpod", "--filter", "event=create");

        Assert.True(create.ExitCode == 0 && start.ExitCode == 0 && kill.ExitCode == 0 && remove.ExitCode == 0, create.Stderr + start.Stderr + kill.Stderr + remove.Stderr);
        Assert.Equal("create evpod\nstart evpod\nkill evpod\nremove evpod\n", statuses.Stdout);
        Assert.Matches($@"^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC pod create {id} \(image=, name=evpod\)\n$", line.Stdout);
    }

    private static string Since() => DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
