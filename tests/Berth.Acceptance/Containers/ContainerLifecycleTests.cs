using System.Text.Json;

namespace Berth.Acceptance.Containers;

public sealed class ContainerLifecycleTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    [Fact]
    public async Task Stop_ProcessHandlingTerm_ExitsCleanly()
    {
        await RunDetachedAsync("--name", "polite", Image, "sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done");

        var stop = await BerthAsync("stop", "-t", "5", "polite");
        var all = await BerthAsync("ps", "-a");

        Assert.Equal(0, stop.ExitCode);
        Assert.Contains("Exited (0)", all.Stdout);
    }

    [Fact]
    public async Task Stop_ProcessIgnoringTerm_IsKilledAfterTimeout()
    {
        // PID 1 ignores signals it has no handler for, so SIGTERM does nothing to `sleep`.
        await RunDetachedAsync("--name", "stubborn", Image, "sleep", "100");

        var stop = await BerthAsync("stop", "-t", "1", "stubborn");
        var all = await BerthAsync("ps", "-a");

        Assert.Equal(0, stop.ExitCode);
        Assert.Contains("Exited (137)", all.Stdout);
    }

    [Fact]
    public async Task Kill_RunningContainer_EndsItWithSigkill()
    {
        var id = await RunDetachedAsync(Image, "sleep", "100");

        var kill = await BerthAsync("kill", id[..12]);
        var state = await InspectStateAsync(id, until: s => s.GetProperty("Status").GetString() == "exited");

        Assert.Equal(0, kill.ExitCode);
        Assert.Equal(137, state.GetProperty("ExitCode").GetInt32());
    }

    [Fact]
    public async Task Rm_Running_RefusedWithoutForceAndRemovedWithForce()
    {
        await RunDetachedAsync("--name", "busy", Image, "sleep", "100");

        var refused = await BerthAsync("rm", "busy");
        var forced = await BerthAsync("rm", "-f", "busy");
        var all = await BerthAsync("ps", "-a");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.StartsWith("Error: ", refused.Stderr);
        Assert.Equal(0, forced.ExitCode);
        Assert.DoesNotContain("busy", all.Stdout);
    }

    [Fact]
    public async Task PauseUnpause_ShowsPausedThenRunsOn()
    {
        await RunDetachedAsync("--name", "frozen", Image, "sleep", "100");

        var pause = await BerthAsync("pause", "frozen");
        var paused = await BerthAsync("ps");
        var unpause = await BerthAsync("unpause", "frozen");
        var running = await BerthAsync("ps");

        Assert.Equal(0, pause.ExitCode);
        Assert.Contains("Paused", paused.Stdout);
        Assert.Equal(0, unpause.ExitCode);
        Assert.Contains("Up ", running.Stdout);
    }

    [Fact]
    public async Task Exec_RunningContainer_RunsInItsNamespacesAndReturnsTheCode()
    {
        await RunDetachedAsync("--name", "target", "--hostname", "inside", Image, "sleep", "100");

        var exec = await BerthAsync("exec", "target", "sh", "-c", "hostname; exit 5");
        var env = await BerthAsync("exec", "-e", "X=1", "-w", "/tmp", "target", "sh", "-c", "echo $X; pwd");

        Assert.Equal(5, exec.ExitCode);
        Assert.Equal("inside\n", exec.Stdout);
        Assert.Equal("1\n/tmp\n", env.Stdout);
    }

    [Fact]
    public async Task Exec_StoppedContainer_IsRefused()
    {
        await BerthAsync("run", "--network", "none", "--name", "done", Image, "true");

        var exec = await BerthAsync("exec", "done", "true");

        Assert.NotEqual(0, exec.ExitCode);
        Assert.Contains("state improper", exec.Stderr);
    }

    [Fact]
    public async Task Inspect_ShowsStateExitCodeMountsAndImage()
    {
        var dir = Directory.CreateTempSubdirectory("berth-inspect-");
        try
        {
            await BerthAsync("run", "--network", "none", "--name", "seen", "-v", $"{dir.FullName}:/data:ro", Image, "sh", "-c", "exit 2");

            var inspect = await BerthAsync("container", "inspect", "seen");

            Assert.Equal(0, inspect.ExitCode);
            var container = JsonDocument.Parse(inspect.Stdout).RootElement[0];
            Assert.Equal("exited", container.GetProperty("State").GetProperty("Status").GetString());
            Assert.Equal(2, container.GetProperty("State").GetProperty("ExitCode").GetInt32());
            Assert.False(container.GetProperty("State").GetProperty("OOMKilled").GetBoolean());
            Assert.Equal(Image, container.GetProperty("ImageName").GetString());
            var mount = container.GetProperty("Mounts")[0];
            Assert.Equal("/data", mount.GetProperty("Destination").GetString());
            Assert.False(mount.GetProperty("RW").GetBoolean());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private async Task<JsonElement> InspectStateAsync(string id, Func<JsonElement, bool> until)
    {
        for (var i = 0; i < 50; i++)
        {
            var inspect = await BerthAsync("container", "inspect", id);
            var state = JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("State");
            if (until(state))
            {
                return state;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"container {id} never reached the expected state");
    }
}
