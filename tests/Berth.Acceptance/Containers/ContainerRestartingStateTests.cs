using System.Text.Json;

namespace Berth.Acceptance.Containers;

/// <summary>
/// While the restart policy's back-off runs, a container is "restarting" as Docker shows it (Podman 4.3 has no such state):
/// ps "Restarting (N) … ago", inspect State.Restarting and State.Status; a user's stop ends it.
/// </summary>
public sealed class ContainerRestartingStateTests(BusyboxEngineRoot root) : ContainerTestBase(root)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task OnFailure_QuickExitsDuringTheBackOff_ShowRestartingUntilStopped()
    {
        var id = await RunDetachedAsync("--restart", "on-failure", Image, "sh", "-c", "exit 3");

        var listed = await HostTraces.EventuallyAsync(async () => (await StatusAsync(id)).StartsWith("Restarting (3) ", StringComparison.Ordinal), Patience);
        var inspected = await HostTraces.EventuallyAsync(async () => await StateAsync(id) is ("restarting", true), Patience);
        var stop = await BerthAsync("stop", "-t", "0", id);
        var stopped = await StateAsync(id);

        Assert.True(listed, "ps never showed Restarting (3)");
        Assert.True(inspected, "inspect never showed State.Restarting");
        Assert.True(stop.ExitCode == 0, stop.Stderr);
        Assert.Equal(("exited", false), stopped);
        Assert.StartsWith("Exited (", await StatusAsync(id, "-a"));
    }

    /// <summary>The STATUS column of `ps [-a]`: without -a, a restarting container is listed as a running one is (Docker's).</summary>
    private async Task<string> StatusAsync(string id, params string[] all) =>
        (await BerthAsync(["ps", .. all, "--filter", $"id={id}", "--format", "{{.Status}}"])).Stdout.Trim();

    private async Task<(string Status, bool Restarting)> StateAsync(string id)
    {
        var inspect = await BerthAsync("container", "inspect", id);
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        var state = JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("State");
        return (state.GetProperty("Status").GetString()!, state.GetProperty("Restarting").GetBoolean());
    }
}
