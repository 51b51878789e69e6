namespace Berth.Acceptance.Containers;

/// <summary>`--latest, -l` on the verbs Podman accepts it on: the container created last, in place of a name.</summary>
public sealed class ContainerLatestTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    [Fact]
    public async Task Latest_StartLogsInspectStopRm_ActOnTheContainerCreatedLast()
    {
        await BerthAsync("create", "--name", "older", "--network", "none", Image, "echo", "old");
        var newer = (await BerthAsync("create", "--name", "newer", "--network", "none", Image, "echo", "new")).Stdout.Trim();

        var start = await BerthAsync("start", "-a", "-l");
        var inspect = await BerthAsync("container", "inspect", "--latest");
        var stop = await BerthAsync("stop", "-l");
        var logs = await BerthAsync("logs", "-l");
        var rm = await BerthAsync("rm", "-l");
        var left = await BerthAsync("ps", "-a", "--format", "{{.Names}}");

        Assert.Equal((0, "new\n"), (start.ExitCode, start.Stdout));
        Assert.Contains(newer, inspect.Stdout);
        Assert.Equal(0, stop.ExitCode);
        Assert.Equal((0, "new\n"), (logs.ExitCode, logs.Stdout));
        Assert.Equal((0, newer + "\n"), (rm.ExitCode, rm.Stdout));
        Assert.Equal("older\n", left.Stdout);
    }

    [Fact]
    public async Task Latest_WithNamesOrNeither_PodmansErrors()
    {
        var both = await BerthAsync("stop", "-l", "x");
        var neither = await BerthAsync("stop");

        Assert.Equal((125, "Error: --latest and containers cannot be used together\n"), (both.ExitCode, both.Stderr));
        Assert.Equal((125, "Error: you must provide at least one container name or id\n"), (neither.ExitCode, neither.Stderr));
    }
}
