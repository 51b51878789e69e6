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
    public async Task Latest_PauseTopPortWait_AndInspectFormat_ActOnTheContainerCreatedLast()
    {
        await BerthAsync("create", "--name", "older", "--network", "none", Image, "true");
        var newer = (await BerthAsync("run", "-d", "--name", "newer", "-p", "127.0.0.1:18431:80", Image, "sleep", "30")).Stdout.Trim();

        var pause = await BerthAsync("pause", "-l");
        var paused = await BerthAsync("inspect", "-f", "{{.State.Status}} {{if .State.Paused}}frozen{{end}} {{.Name}}", "newer");
        var unpause = await BerthAsync("unpause", "-l");
        var top = await BerthAsync("top", "-l", "pid", "args");
        var port = await BerthAsync("port", "-l", "80");
        var kill = await BerthAsync("kill", "-l");
        var wait = await BerthAsync("wait", "-l");
        var listed = await BerthAsync("ps", "-a", "--format", "{{.Names}}:{{range $p := .Ports}}{{$p.host_port}}{{else}}none{{end}}");

        Assert.Equal((0, newer + "\n"), (pause.ExitCode, pause.Stdout));
        Assert.Equal("paused frozen newer\n", paused.Stdout);
        Assert.Equal(0, unpause.ExitCode);
        Assert.Contains("sleep 30", top.Stdout);
        Assert.Equal((0, "127.0.0.1:18431\n"), (port.ExitCode, port.Stdout));
        Assert.Equal(0, kill.ExitCode);
        Assert.Equal((0, "137\n"), (wait.ExitCode, wait.Stdout));
        Assert.Equal(["newer:18431", "older:none"], listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public async Task InspectFormat_ThatDoesNotParse_FailsBeforeAnyOutput()
    {
        await BerthAsync("create", "--name", "formatted", "--network", "none", Image, "true");

        var unclosed = await BerthAsync("inspect", "-f", "{{if .State.Running}}up", "formatted");
        var unknown = await BerthAsync("container", "inspect", "-f", "{{.Nope}}", "formatted");

        Assert.Equal((125, "", "Error: template: unexpected EOF\n"), (unclosed.ExitCode, unclosed.Stdout, unclosed.Stderr));
        Assert.Equal((125, "Error: template: can't evaluate field Nope in type map\n"), (unknown.ExitCode, unknown.Stderr));
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
