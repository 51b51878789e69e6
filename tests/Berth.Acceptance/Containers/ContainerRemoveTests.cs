namespace Berth.Acceptance.Containers;

/// <summary>`rm` with Podman's flags and exit codes, so cleanup lines of podman scripts work.</summary>
public sealed class ContainerRemoveTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    [Fact]
    public async Task Rm_ExitCodes_OneForMissingTwoForRunning()
    {
        var running = await RunDetachedAsync(Image, "sleep", "300");

        var missing = await BerthAsync("rm", "no-such-container");
        var busy = await BerthAsync("rm", running);
        var ignored = await BerthAsync("rm", "--ignore", "no-such-container");

        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("Error: no container with name or ID \"no-such-container\" found", missing.Stderr);
        Assert.Equal(2, busy.ExitCode);
        Assert.Equal((0, ""), (ignored.ExitCode, ignored.Stderr));
    }

    [Fact]
    public async Task Rm_AllForceWithTime_StopsGracefullyAndRemovesEverything()
    {
        await RunDetachedAsync(Image, "sleep", "300");
        await RunDetachedAsync(Image, "sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done");

        var rm = await BerthAsync("rm", "--all", "--force", "-t", "2");
        var left = await BerthAsync("ps", "-a", "-q");

        Assert.True(rm.ExitCode == 0, rm.Stderr);
        Assert.Equal(2, rm.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("", left.Stdout);
    }

    [Fact]
    public async Task Rm_AllWithNames_IsRefused()
    {
        var result = await BerthAsync("rm", "--all", "some");

        Assert.Equal(125, result.ExitCode);
        Assert.Contains("--all", result.Stderr);
    }
}
