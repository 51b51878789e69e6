using System.Text.Json;

namespace Berth.Acceptance.Containers;

/// <summary>
/// Detached containers that exit on their own: the shim's exit command (`container cleanup`) releases the
/// rootfs mount, the network namespace and the rules, and removes an --rm container, with no berth waiting.
/// </summary>
public sealed class ContainerExitCleanupTests(BusyboxEngineRoot root) : BridgedContainerTests(root)
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunDetachedRm_ShortCommand_DisappearsLeavingNoMountNamespaceOrRule()
    {
        var port = NetworkPorts.Free();
        var run = await Root.BerthAsync("run", "-d", "--rm", "-p", $"127.0.0.1:{port}:80", Image, "sleep", "1");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var id = run.Stdout.Trim();

        var gone = await HostTraces.EventuallyAsync(async () => !(await Root.BerthAsync("ps", "-a", "-q")).Stdout.Contains(id[..12]), CleanupTimeout);

        Assert.True(gone, "the --rm container is still listed");
        Assert.False(Directory.Exists(Path.Combine(Root.Path, "containers", id)));
        Assert.False(HostTraces.HasMountUnder(Path.Combine(Root.Path, "containers", id)));
        Assert.False(HostTraces.NetworkNamespaceExists(id));
        Assert.Empty(await HostTraces.IptablesLinesAsync(id[..12], $"--dport {port} "));
    }

    [Fact]
    public async Task RunDetached_CommandExits_RootfsReleasedWhilePsShowsExitCode()
    {
        var run = await Root.BerthAsync("run", "-d", Image, "sh", "-c", "sleep 1; exit 7");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var id = run.Stdout.Trim();
        var rootfs = Path.Combine(Root.Path, "containers", id, "rootfs");
        Assert.True(HostTraces.HasMountUnder(rootfs));

        var released = await HostTraces.EventuallyAsync(
            () => Task.FromResult(!HostTraces.HasMountUnder(rootfs) && !HostTraces.NetworkNamespaceExists(id)), CleanupTimeout);
        var list = await Root.BerthAsync("ps", "-a");
        var inspect = await Root.BerthAsync("container", "inspect", id);

        Assert.True(released, "the exited container still holds its rootfs mount or network namespace");
        Assert.Contains("Exited (7)", list.Stdout);
        var state = JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("State");
        Assert.Equal("exited", state.GetProperty("Status").GetString());
        Assert.Equal(7, state.GetProperty("ExitCode").GetInt32());
        Assert.Empty(await HostTraces.IptablesLinesAsync(id[..12]));
    }

    [Fact]
    public async Task RunForegroundRm_ExitCodeReportedAndContainerRemoved()
    {
        var run = await Root.BerthAsync("run", "--rm", Image, "sh", "-c", "echo bye; exit 4");
        var list = await Root.BerthAsync("ps", "-a", "-q");

        Assert.Equal(4, run.ExitCode);
        Assert.Equal("bye\n", run.Stdout);
        Assert.Equal("", list.Stdout.Trim());
    }

    [Fact]
    public async Task Start_StoppedBridgedServer_ServesAgainOnItsPublishedPort()
    {
        var port = NetworkPorts.Free();
        var run = await Root.BerthAsync("run", "-d", "--name", "phoenix", "-p", $"127.0.0.1:{port}:80", Image,
            "sh", "-c", "mkdir -p /www && echo alive > /www/index.html && exec httpd -f -p 80 -h /www");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var id = run.Stdout.Trim();
        Assert.Equal(0, (await Root.BerthAsync("stop", "-t", "0", "phoenix")).ExitCode);
        Assert.False(HostTraces.NetworkNamespaceExists(id));

        var start = await Root.BerthAsync("start", "phoenix");
        var body = await HttpRetry.GetStringAsync($"http://127.0.0.1:{port}/index.html");
        var rm = await Root.BerthAsync("rm", "-f", "phoenix");

        Assert.True(start.ExitCode == 0, start.Stderr);
        Assert.Equal("alive\n", body);
        Assert.Equal(0, rm.ExitCode);
        Assert.False(HostTraces.NetworkNamespaceExists(id));
        Assert.Empty(await HostTraces.IptablesLinesAsync(id[..12], $"--dport {port} "));
    }
}
