using System.Text.Json;

namespace Berth.Acceptance.Containers;

/// <summary>`port`, `wait`, `rename`, `restart` and `container exists` on real containers, with Podman 4.3's output.</summary>
public sealed class ContainerVerbTests(BusyboxEngineRoot root) : BridgedContainerTests(root)
{
    [Fact]
    public async Task Port_PublishedContainer_PodmansLines()
    {
        var hostPort = NetworkPorts.Free();
        var run = await Root.BerthAsync("run", "-d", "--name", "web", "-p", $"{hostPort}:8080", Image, "sleep", "300");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var id = run.Stdout.Trim();

        var all = await Root.BerthAsync("port", "web");
        var one = await Root.BerthAsync("port", "web", "8080/tcp");
        var every = await Root.BerthAsync("port", "--all");
        var unpublished = await Root.BerthAsync("port", "web", "53");

        Assert.Equal((0, $"8080/tcp -> 0.0.0.0:{hostPort}\n"), (all.ExitCode, all.Stdout));
        Assert.Equal($"0.0.0.0:{hostPort}\n", one.Stdout);
        Assert.Equal($"{id[..12]}\t8080/tcp -> 0.0.0.0:{hostPort}\n", every.Stdout);
        Assert.Equal((125, "Error: failed to find published port \"53/tcp\"\n"), (unpublished.ExitCode, unpublished.Stderr));
    }

    [Fact]
    public async Task Wait_ExitingContainers_PrintsEachExitCode()
    {
        await Root.BerthAsync("run", "-d", "--network", "none", "--name", "three", Image, "sh", "-c", "sleep 1; exit 3");
        await Root.BerthAsync("create", "--network", "none", "--name", "fresh", Image, "true");

        var wait = await Root.BerthAsync("wait", "three", "fresh");
        var running = await Root.BerthAsync("wait", "--condition", "created", "fresh");
        var unknown = await Root.BerthAsync("wait", "three", "nope");

        Assert.Equal((0, "3\n0\n"), (wait.ExitCode, wait.Stdout));
        Assert.Equal("-1\n", running.Stdout);
        Assert.Equal((125, "", "Error: no container with name or ID \"nope\" found: no such container\n"), (unknown.ExitCode, unknown.Stdout, unknown.Stderr));
    }

    [Fact]
    public async Task Rename_ThenStartByTheNewName()
    {
        await Root.BerthAsync("create", "--network", "none", "--name", "old", Image, "sh", "-c", "exit 4");
        await Root.BerthAsync("create", "--network", "none", "--name", "taken", Image, "true");

        var taken = await Root.BerthAsync("rename", "old", "taken");
        var rename = await Root.BerthAsync("rename", "old", "new");
        var start = await Root.BerthAsync("start", "-a", "new");
        var exists = await Root.BerthAsync("container", "exists", "new");
        var oldExists = await Root.BerthAsync("container", "exists", "old");

        Assert.Equal(125, taken.ExitCode);
        Assert.EndsWith("name taken already in use, cannot rename container " + (await Root.BerthAsync("ps", "-a", "-q", "--no-trunc", "--filter", "name=^new$")).Stdout.Trim() + ": container already exists\n", taken.Stderr);
        Assert.Equal((0, ""), (rename.ExitCode, rename.Stdout));
        Assert.Equal(4, start.ExitCode);
        Assert.Equal((0, ""), (exists.ExitCode, exists.Stdout));
        Assert.Equal(1, oldExists.ExitCode);
    }

    [Fact]
    public async Task Restart_RunningContainer_StartsItAgain()
    {
        await Root.BerthAsync("run", "-d", "--network", "none", "--name", "svc", Image, "sleep", "300");
        var before = await StartedAtAsync("svc");

        var restart = await Root.BerthAsync("restart", "-t", "1", "svc");
        var after = await StartedAtAsync("svc");
        var state = await Root.BerthAsync("ps", "--format", "{{.Names}} {{.State}}", "--filter", "name=^svc$");

        Assert.Equal((0, "svc\n"), (restart.ExitCode, restart.Stdout));
        Assert.True(after > before, $"StartedAt {before:O} then {after:O}");
        Assert.StartsWith("svc Up", state.Stdout);
    }

    private async Task<DateTimeOffset> StartedAtAsync(string name)
    {
        var inspect = await Root.BerthAsync("container", "inspect", name);
        return JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("State").GetProperty("StartedAt").GetDateTimeOffset();
    }
}
