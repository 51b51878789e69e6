using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Berth.Acceptance.Containers;

/// <summary>`berth events` over what real containers, volumes and images do, with Podman 4.3's flags, lines, JSON and errors.</summary>
public sealed class ContainerEventsTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    [Fact]
    public async Task Events_ContainerLifecycle_RecordedWithExitCodeAndFiltered()
    {
        var since = Since();
        var run = await BerthAsync("run", "--name", "evt", "--network", "none", "--label", "team=a", Image, "sh", "-c", "exit 3");
        var rm = await BerthAsync("rm", "evt");
        await BerthAsync("volume", "create", "evtvol");
        await BerthAsync("volume", "rm", "evtvol");

        var statuses = await BerthAsync("events", "--stream=false", "--since", since, "--filter", "container=evt", "--format", "{{.Status}} {{.ContainerExitCode}}");
        var died = await BerthAsync("events", "--stream=false", "--since", since, "--filter", "event=died", "--filter", "label=team=a", "--format", "json");
        var line = await BerthAsync("events", "--stream=false", "--since", since, "--filter", "type=container", "--filter", "event=start");
        var volumes = await BerthAsync("events", "--stream=false", "--since", since, "--filter", "type=volume", "--format", "{{.Type}} {{.Status}} {{.Name}}");
        var pastUntil = await BerthAsync("events", "--since", since, "--until", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ".999", "--filter", "volume=evtvol", "--format", "{{.Status}}");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(0, rm.ExitCode);
        Assert.Equal("create 0\nstart 0\ndied 3\nremove 0\n", statuses.Stdout);
        var json = JsonDocument.Parse(died.Stdout).RootElement;
        Assert.Equal(("evt", "died", "container", 3, "a"), (json.GetProperty("Name").GetString(), json.GetProperty("Status").GetString(), json.GetProperty("Type").GetString(),
            json.GetProperty("ContainerExitCode").GetInt32(), json.GetProperty("Attributes").GetProperty("team").GetString()));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC container start [0-9a-f]{64} \(image=localhost/busybox:test, name=evt, team=a\)\n$", line.Stdout);
        Assert.Equal("volume create evtvol\nvolume remove evtvol\n", volumes.Stdout);
        Assert.Equal((0, "create\nremove\n"), (pastUntil.ExitCode, pastUntil.Stdout));
    }

    [Fact]
    public async Task Events_MountExportAndCommit_RecordedOnTheContainer()
    {
        var since = Since();
        var create = await BerthAsync("create", "--name", "evfiles", "--network", "none", Image, "true");
        var mount = await BerthAsync("mount", "evfiles");
        var umount = await BerthAsync("umount", "evfiles");
        var export = await BerthAsync("export", "-o", Path.Combine(Root.Path, "evfiles.tar"), "evfiles");
        var commit = await BerthAsync("commit", "-q", "evfiles", "localhost/evfiles:1");

        var statuses = await BerthAsync("events", "--stream=false", "--since", since, "--filter", "container=evfiles", "--format", "{{.Type}} {{.Status}} {{.Name}}");
        await BerthAsync("rm", "evfiles");
        await BerthAsync("rmi", "localhost/evfiles:1");

        Assert.Equal((0, 0, 0, 0, 0), (create.ExitCode, mount.ExitCode, umount.ExitCode, export.ExitCode, commit.ExitCode));
        Assert.Equal("container create evfiles\ncontainer mount evfiles\ncontainer export evfiles\ncontainer commit evfiles\n", statuses.Stdout);
    }

    [Fact]
    public async Task Events_Stream_PrintsEventsAsTheyHappen()
    {
        var psi = new ProcessStartInfo(BerthBinary.Launcher) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "--root", Root.Path, "events", "--since", Since(), "--filter", "container=live", "--format", "{{.Status}}" })
        {
            psi.ArgumentList.Add(arg);
        }
        using var events = Process.Start(psi)!;
        try
        {
            var run = await BerthAsync("run", "--rm", "--name", "live", "--network", "none", Image, "true");
            var seen = new List<string>();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (!seen.Contains("remove") && await events.StandardOutput.ReadLineAsync(deadline.Token) is { } status)
            {
                seen.Add(status);
            }

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(["create", "start", "died", "remove"], seen);
            Assert.False(events.HasExited);
        }
        finally
        {
            events.Kill(entireProcessTree: true);
            await events.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Events_BadInput_ExitsWith125()
    {
        var filter = await BerthAsync("events", "--stream=false", "--filter", "bogus=1");
        var template = await BerthAsync("events", "--stream=false", "--format", "{{.Bogus");
        var since = await BerthAsync("events", "--stream=false", "--since", "yesterday");

        Assert.Equal((125, "Error: bogus is an invalid filter\n"), (filter.ExitCode, filter.Stderr));
        Assert.Equal(125, template.ExitCode);
        Assert.StartsWith("Error: ", template.Stderr);
        Assert.Equal(125, since.ExitCode);
    }

    /// <summary>Now, as Unix seconds: the test sees only the events it causes.</summary>
    private static string Since() => (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
}
