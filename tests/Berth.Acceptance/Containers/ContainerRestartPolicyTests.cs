using System.Text.Json;

namespace Berth.Acceptance.Containers;

/// <summary>
/// `--restart` on real containers: the shim's exit command (`container cleanup`) starts a container again as its policy says,
/// with no service running; `stop` keeps it down; `start --all --filter restart-policy=…` (the reboot unit) starts what should run.
/// </summary>
public sealed class ContainerRestartPolicyTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunOnFailure2_CommandFails_EndsExitedAfterTwoRestarts()
    {
        var id = await RunDetachedAsync("--restart", "on-failure:2", Image, "sh", "-c", "exit 3");

        var settled = await HostTraces.EventuallyAsync(async () => !ShimOrExitCommandRuns(id) && (await StateAsync(id)).Status == "exited", Patience);
        var inspect = await InspectAsync(id);
        var events = await BerthAsync("events", "--stream=false", "--filter", $"container={id}", "--format", "{{.Status}}");

        Assert.True(settled, "the container is still being restarted");
        Assert.Equal(3, inspect.GetProperty("State").GetProperty("ExitCode").GetInt32());
        Assert.Equal(2, inspect.GetProperty("RestartCount").GetInt32());
        Assert.Equal("on-failure", inspect.GetProperty("HostConfig").GetProperty("RestartPolicy").GetProperty("Name").GetString());
        Assert.Equal(2, inspect.GetProperty("HostConfig").GetProperty("RestartPolicy").GetProperty("MaximumRetryCount").GetInt32());
        Assert.Equal(["create", "start", "died", "start", "restart", "died", "start", "restart", "died"], events.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task RunAlways_CommandEnds_IsRestartedUntilTheUserStopsIt()
    {
        var id = await RunDetachedAsync("--restart", "always", Image, "sh", "-c", "sleep 1; exit 0");

        var restarted = await HostTraces.EventuallyAsync(async () => await StateAsync(id) is ("running", >= 1), Patience);
        var stop = await BerthAsync("stop", "-t", "0", id);
        var stoppedCount = (await StateAsync(id)).RestartCount;
        var settled = await HostTraces.EventuallyAsync(() => Task.FromResult(!ShimOrExitCommandRuns(id)), Patience);
        var after = await StateAsync(id);

        Assert.True(restarted, "the container was not restarted after its command ended");
        Assert.True(stop.ExitCode == 0, stop.Stderr);
        Assert.True(settled, "a shim still runs for the stopped container");
        Assert.NotEqual("running", after.Status);
        Assert.Equal(stoppedCount, after.RestartCount);
    }

    [Fact]
    public async Task StartAllWithRestartPolicyFilters_AfterAReboot_StartsWhatShouldRunAndNotWhatTheUserStopped()
    {
        var unlessStopped = await RunDetachedAsync("--restart", "unless-stopped", Image, "sleep", "600");
        var stoppedByUser = await RunDetachedAsync("--restart", "unless-stopped", Image, "sleep", "600");
        var always = await RunDetachedAsync("--restart", "always", Image, "sleep", "600");
        var noPolicy = await RunDetachedAsync(Image, "sleep", "600");
        Assert.Equal(0, (await BerthAsync("stop", "-t", "0", stoppedByUser)).ExitCode);
        var listed = await BerthAsync("ps", "-a", "--no-trunc", "-q", "--filter", "restart-policy=unless-stopped");

        await SimulatedReboot.OfAsync(Root.Path, [unlessStopped, stoppedByUser, always, noPolicy]);
        var start = await BerthAsync("start", "--all", "--filter", "restart-policy=always", "--filter", "restart-policy=unless-stopped");

        Assert.Equal(new[] { stoppedByUser, unlessStopped }.Order(), listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.True(start.ExitCode == 0, start.Stderr);
        Assert.Equal("running", (await StateAsync(unlessStopped)).Status);
        Assert.Equal("running", (await StateAsync(always)).Status);
        Assert.Equal("exited", (await StateAsync(stoppedByUser)).Status);
        Assert.Equal(("exited", 255), await ExitAsync(noPolicy));
    }

    [Theory]
    [InlineData("sometimes", "Error: running container create option: \"sometimes\" is not a valid restart policy: invalid argument")]
    [InlineData("on-failure:-1", "Error: must specify restart policy retry count as a number greater than 0")]
    [InlineData("always:3", "Error: restart policy retries can only be specified with on-failure restart policy")]
    public async Task Run_BadRestartPolicy_FailsWithPodmansErrorAndCreatesNothing(string policy, string error)
    {
        var run = await BerthAsync("run", "-d", "--network", "none", "--restart", policy, Image, "true");
        var all = await BerthAsync("ps", "-a", "-q");

        Assert.Equal(125, run.ExitCode);
        Assert.Equal(error, run.Stderr.Trim());
        Assert.Equal("", all.Stdout.Trim());
    }

    [Fact]
    public async Task Run_RmWithRestartAlways_IsRefusedAsPodmanDoes()
    {
        var run = await BerthAsync("run", "-d", "--rm", "--network", "none", "--restart", "always", Image, "true");
        var all = await BerthAsync("ps", "-a", "-q");

        Assert.Equal(125, run.ExitCode);
        Assert.Equal("Error: the --rm option conflicts with --restart, when the restartPolicy is not \"\" and \"no\"", run.Stderr.Trim());
        Assert.Equal("", all.Stdout.Trim());
    }

    [Fact]
    public async Task PsFilter_UnknownRestartPolicy_IsAnError()
    {
        var ps = await BerthAsync("ps", "--filter", "restart-policy=sometimes");

        Assert.Equal(125, ps.ExitCode);
        Assert.Equal("Error: sometimes invalid restart policy", ps.Stderr.Trim());
    }

    private async Task<JsonElement> InspectAsync(string id)
    {
        var inspect = await BerthAsync("container", "inspect", id);
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        return JsonDocument.Parse(inspect.Stdout).RootElement[0].Clone();
    }

    private async Task<(string Status, int RestartCount)> StateAsync(string id)
    {
        var inspect = await InspectAsync(id);
        return (inspect.GetProperty("State").GetProperty("Status").GetString()!, inspect.GetProperty("RestartCount").GetInt32());
    }

    private async Task<(string Status, int ExitCode)> ExitAsync(string id)
    {
        var state = (await InspectAsync(id)).GetProperty("State");
        return (state.GetProperty("Status").GetString()!, state.GetProperty("ExitCode").GetInt32());
    }

    /// <summary>Whether the container's conmon, or the exit command it runs (which may be waiting out a back-off), is alive.</summary>
    private static bool ShimOrExitCommandRuns(string id) =>
        ProcessTable.Matching(argv => argv.Contains(id) && (Path.GetFileName(argv[0]) == "conmon" || argv.Contains("cleanup"))).Count > 0;
}
